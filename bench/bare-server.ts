// The baseline: a bare Node HTTP handler that reads the same JSON body and answers
// JSON, with no framework, no session and no database.
import http from "node:http";

const port = Number(process.env.PORT ?? 3401);
http
  .createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk));
    req.on("end", () => {
      const parsed = JSON.parse(body || "{}") as { intervals?: unknown };
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ intervals: parsed.intervals ?? [], watchedSeconds: 0, viewingComplete: false }));
    });
  })
  .listen(port, "127.0.0.1", () => console.log(`bare server on ${port}`));
