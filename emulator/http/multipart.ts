/** A minimal multipart/form-data reader: field name → raw bytes (enough for the SDK's openapi posts). */
export function parseMultipart(body: Buffer, contentType: string | undefined): Map<string, Buffer> | null {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!match) return null;
  const boundary = Buffer.from(`--${(match[1] ?? match[2]).trim()}`);
  const fields = new Map<string, Buffer>();
  let pos = body.indexOf(boundary);
  if (pos < 0) return null;
  for (;;) {
    pos += boundary.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--"
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) return null;
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(boundary, headerEnd + 4);
    if (next < 0) return null;
    let end = next;
    if (body[end - 2] === 0x0d && body[end - 1] === 0x0a) end -= 2;
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name !== undefined) fields.set(name, body.subarray(headerEnd + 4, end));
    pos = next;
  }
  return fields;
}
