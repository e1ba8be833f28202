// An OpenAI-compatible upstream for the browser tests: answers slowly enough that a person (and
// the test) can watch a task's progress move and cancel it mid-run, and streams its answer in
// pieces. Listens on 127.0.0.1 only.

import http from "node:http";

const ANSWER = ["Potassium ", "3.1 mmol/L ", "is low ", "(reference 3.5–5.1). ", "Sodium 139 mmol/L ", "is within range."];

export function startUpstream({ delayMs = 700, chunkMs = 180 } = {}) {
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", async () => {
      if (req.method !== "POST" || !req.url.endsWith("/chat/completions")) {
        res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
        return;
      }
      const body = JSON.parse(raw || "{}");
      const model = body.model ?? "gpt-4o";
      const usage = { prompt_tokens: 180, completion_tokens: 24, total_tokens: 204, prompt_tokens_details: { cached_tokens: 0 } };
      await new Promise((r) => setTimeout(r, delayMs));
      if (!body.stream) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: "chatcmpl-console", object: "chat.completion", created: 1_795_399_200, model, choices: [{ index: 0, message: { role: "assistant", content: ANSWER.join("") }, finish_reason: "stop" }], usage }));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = (delta, finish = null) => `data: ${JSON.stringify({ id: "chatcmpl-console", object: "chat.completion.chunk", created: 1_795_399_200, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: "assistant", content: "" }));
      for (const part of ANSWER) {
        await new Promise((r) => setTimeout(r, chunkMs));
        res.write(chunk({ content: part }));
      }
      res.write(chunk({}, "stop"));
      if (body.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ id: "chatcmpl-console", object: "chat.completion.chunk", created: 1_795_399_200, model, choices: [], usage })}\n\n`);
      res.end("data: [DONE]\n\n");
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/v1` })));
}
