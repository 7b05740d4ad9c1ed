import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../services/config.ts";
import { createLogger, logFormatFor, type LogFormat } from "../../services/logger.ts";
import { observe } from "../../services/observability/context.ts";

/** A logger writing into a string, in the given format. */
function captured(format: LogFormat) {
  let out = "";
  const destination = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  return { logger: createLogger("info", destination, { format }), output: () => out };
}

describe("log formats", () => {
  it("json: one JSON object a line, with the request id of the work it was written in", () => {
    const { logger, output } = captured("json");
    observe({ requestId: "req-1" }, () => logger.info({ channel: "sms" }, "turn ended"));
    logger.info("outside");
    const [inside, outside] = output().trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(inside).toMatchObject({ level: 30, msg: "turn ended", channel: "sms", requestId: "req-1" });
    expect(outside).toMatchObject({ msg: "outside" });
    expect(outside).not.toHaveProperty("requestId");
  });

  it("says which process wrote a line, while a field named pid (ID-porten's national identity number) stays censored", () => {
    const { logger, output } = captured("json");
    logger.info({ claims: { pid: "01017012345" } }, "login");
    const line = JSON.parse(output().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ processId: process.pid, claims: { pid: "[redacted]" } });
    expect(output()).not.toContain("01017012345");
  });

  it("pretty: one readable line an event, not JSON, with the level, message, fields and request id", () => {
    const { logger, output } = captured("pretty");
    observe({ requestId: "req-2" }, () => logger.warn({ outboxId: "ob1", attempt: 2 }, "outbox send failed; will retry"));
    const text = output();
    expect(text.trim().split("\n")).toHaveLength(1);
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] WARN: outbox send failed; will retry /);
    expect(text).toContain('"requestId":"req-2"');
    expect(text).toContain('"outboxId":"ob1"');
    expect(text).not.toContain("\u001b["); // no colours when writing to a stream (only on a terminal's stdout)
  });

  it.each(["json", "pretty"] as const)("redaction holds in %s: personal fields censored, numbers in messages masked", (format) => {
    const { logger, output } = captured(format);
    logger.info({ phone: "+4799992001", from: "+4799992001", name: "Kristin Aasen", text: "hei, jeg heter Kristin", user: { givenName: "Kristin", pid: "01017012345" } }, "message from +47 999 92 001 about 01017012345");
    const text = output();
    for (const secret of ["4799992001", "999 92 001", "Kristin", "Aasen", "01017012345", "jeg heter"]) expect(text, secret).not.toContain(secret);
    expect(text).toContain("[redacted]");
    expect(text).toContain("message from [redacted-number] about [redacted-number]");
  });
});

describe("which format", () => {
  it("LOG_FORMAT decides; unset, pretty only for an entry that asks for it (npm start) on a terminal", () => {
    expect(logFormatFor(undefined, { prettyOnTerminal: true }, true)).toBe("pretty");
    expect(logFormatFor(undefined, { prettyOnTerminal: true }, false)).toBe("json"); // npm start | tee, a container
    expect(logFormatFor(undefined, {}, true)).toBe("json"); // npm run serve
    expect(logFormatFor("json", { prettyOnTerminal: true }, true)).toBe("json");
    expect(logFormatFor("pretty", {}, false)).toBe("pretty");
  });

  it("LOG_FORMAT is parsed: pretty or json, and production refuses pretty", () => {
    expect(loadConfig({}).logFormat).toBeUndefined();
    expect(loadConfig({ LOG_FORMAT: "pretty" }).logFormat).toBe("pretty");
    expect(loadConfig({ LOG_FORMAT: "json" }).logFormat).toBe("json");
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ LOG_FORMAT: "text" })).toEqual(['LOG_FORMAT must be one of pretty, json (got "text")']);
    expect(problems({ NODE_ENV: "production", LOG_FORMAT: "pretty" })).toContain('LOG_FORMAT must be json in production (log collectors read one JSON object a line) (got "pretty")');
  });

  it("METRICS_TOKEN is parsed and never shown in an error line", () => {
    expect(loadConfig({ METRICS_TOKEN: "a".repeat(24) }).metricsToken).toBe("a".repeat(24));
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(() => loadConfig({ METRICS_TOKEN: "short-secret" })).toThrow(/^METRICS_TOKEN must be at least 24 characters \(got "…"\)$/);
  });
});
