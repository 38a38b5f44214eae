/**
 * WechatSI textToSpeech fails past ~420 characters, so long text is read aloud in chunks, cut where
 * a listener would pause. Pure, so tests pin it.
 */
export const TTS_CHUNK_CHARS = 400;

/** Splits at sentence ends, then clause marks, then hard — every chunk ≤ max characters. */
export function chunkText(text: string, max = TTS_CHUNK_CHARS): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return [];
  const chunks: string[] = [];
  let rest = clean;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = -1;
    for (const marks of ['。！？!?\n', '；;', '，,、：: ']) {
      for (let i = window.length - 1; i >= max / 3; i--) {
        if (marks.includes(window[i])) {
          cut = i + 1;
          break;
        }
      }
      if (cut > 0) break;
    }
    if (cut <= 0) cut = max;
    chunks.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) chunks.push(rest);
  return chunks.filter(Boolean);
}
