import type { UploadHandler } from "@remix-run/node";

/** Plain fields (an intent, a kind) are a few characters; anything past this is dropped. */
const PLAIN_FIELD_CHARACTERS = 1000;

/**
 * Reads a multipart upload with its one file field capped at `maxBytes`: beyond it the rest of
 * the file is read and dropped (not held in memory), so that the other fields still arrive and
 * the page can say what was wrong. `state.tooLarge` says whether the file was dropped.
 */
export function cappedUpload(fileField: string, maxBytes: number) {
  const state = { tooLarge: false };
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (filename === undefined) {
      const decoder = new TextDecoder();
      let text = "";
      for await (const chunk of data) if (text.length < PLAIN_FIELD_CHARACTERS) text += decoder.decode(chunk, { stream: true });
      return text.slice(0, PLAIN_FIELD_CHARACTERS);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (name === fileField && size <= maxBytes) chunks.push(chunk);
    }
    if (name !== fileField || filename === "") return undefined;
    if (size > maxBytes) {
      state.tooLarge = true;
      return undefined;
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return new File([bytes], filename, { type: contentType });
  };
  return { handler, state };
}
