import { describe, expect, it } from "vitest";
import { hashPassword, PASSWORD_COST_LOG2, setPasswordCostForTests, verifyPassword } from "./password.server";

describe("password hashes", () => {
  it("are made at the product's cost, 2^15, unless the test set-up lowered it", async () => {
    expect(PASSWORD_COST_LOG2).toBeGreaterThanOrEqual(15);
    setPasswordCostForTests(PASSWORD_COST_LOG2);
    try {
      const hash = await hashPassword("correct horse");
      expect(hash.split("$").slice(0, 4)).toEqual(["scrypt", String(2 ** PASSWORD_COST_LOG2), "8", "1"]);
      expect(await verifyPassword("correct horse", hash)).toBe(true);
    } finally {
      setPasswordCostForTests(10);
    }
  });

  it("are checked at the cost they were made with, whatever the cost of new ones", async () => {
    const cheap = await hashPassword("s3cret");
    expect(cheap.split("$")[1]).toBe("1024");
    setPasswordCostForTests(12);
    try {
      expect(await verifyPassword("s3cret", cheap)).toBe(true);
      expect(await verifyPassword("s3cret!", cheap)).toBe(false);
    } finally {
      setPasswordCostForTests(10);
    }
  });

  it("differ for the same password (a fresh salt each time) and refuse what is not a hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same"), hashPassword("same")]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same", "plain-text")).toBe(false);
    expect(await verifyPassword("same", "bcrypt$10$x$y")).toBe(false);
  });
});
