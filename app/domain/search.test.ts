import { describe, expect, it } from "vitest";
import { searchQuery } from "./search";

const terms = (from: string) => ({ kind: "terms", from, to: `${from}\u{10FFFF}` });

describe("searchQuery", () => {
  it("asks nothing of an empty text", () => {
    expect(searchQuery("")).toEqual({ kind: "nothing" });
    expect(searchQuery("   \t ")).toEqual({ kind: "nothing" });
    expect(searchQuery("\0")).toEqual({ kind: "nothing" });
  });

  it("reads one- and two-character Chinese words as the index terms that start with them", () => {
    expect(searchQuery("丝")).toEqual(terms("丝"));
    expect(searchQuery("螺丝")).toEqual(terms("螺丝"));
    expect(searchQuery(" 华强 ")).toEqual(terms("华强"));
  });

  it("reads three characters and more as one quoted phrase", () => {
    expect(searchQuery("强电子")).toEqual({ kind: "phrase", phrase: '"强电子"' });
    expect(searchQuery("不锈钢螺丝")).toEqual({ kind: "phrase", phrase: '"不锈钢螺丝"' });
    expect(searchQuery("深圳华强电子有限公司")).toEqual({ kind: "phrase", phrase: '"深圳华强电子有限公司"' });
    expect(searchQuery("Acme Trading")).toEqual({ kind: "phrase", phrase: '"Acme Trading"' });
    expect(searchQuery("PO-2024-00123")).toEqual({ kind: "phrase", phrase: '"PO-2024-00123"' });
  });

  it("keeps mixed Chinese and English text whole", () => {
    expect(searchQuery("LED灯带")).toEqual({ kind: "phrase", phrase: '"LED灯带"' });
    expect(searchQuery("A华")).toEqual(terms("a华"));
  });

  it("counts characters, not UTF-16 units: a character outside the BMP is one", () => {
    expect(searchQuery("𠀀")).toEqual(terms("𠀀"));
    expect(searchQuery("𠀀𠀁")).toEqual(terms("𠀀𠀁"));
    expect(searchQuery("𠀀𠀁𠀂").kind).toBe("phrase");
  });

  it("folds short terms to lower case as the index does, character by character", () => {
    expect(searchQuery("AB")).toEqual(terms("ab"));
    // "İ" lower-cases to two characters in JavaScript; it stays as typed rather than grow.
    expect(searchQuery("İ")).toEqual(terms("İ"));
  });

  it("turns FTS5 operators and quotes into text to find", () => {
    expect(searchQuery('say "hi"')).toEqual({ kind: "phrase", phrase: '"say ""hi"""' });
    expect(searchQuery('"')).toEqual(terms('"'));
    expect(searchQuery('""')).toEqual(terms('""'));
    expect(searchQuery("a AND b")).toEqual({ kind: "phrase", phrase: '"a AND b"' });
    expect(searchQuery("NEAR(a b)")).toEqual({ kind: "phrase", phrase: '"NEAR(a b)"' });
    expect(searchQuery("-steel*")).toEqual({ kind: "phrase", phrase: '"-steel*"' });
    expect(searchQuery("subject: x")).toEqual({ kind: "phrase", phrase: '"subject: x"' });
    expect(searchQuery("*")).toEqual(terms("*"));
    expect(searchQuery("%")).toEqual(terms("%"));
  });

  it("drops NUL characters, which SQLite would read as the end of the text", () => {
    expect(searchQuery("螺\0丝")).toEqual(terms("螺丝"));
  });
});
