// What the live pages (host screen, ops board) share: reading a server-sent-events response that came by
// fetch (fetch, not EventSource, so the key travels in the Authorization header, never in the URL).
"use strict";

// Calls onEvent(event, payload) for each event of the response, in order, until the stream ends;
// comment pings and events without data are skipped. A read error (or the fetch's abort) is thrown.
async function readEvents(answer, onEvent) {
  const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = "message";
      const data = [];
      for (const line of frame.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length && event !== "ping") onEvent(event, JSON.parse(data.join("\n")));
    }
  }
}
