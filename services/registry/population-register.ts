import { z } from "zod";

/**
 * The population register (folkeregisteret, as the municipality reaches it), as the login needs it:
 * a national identity number in, the register's opaque reference out — the reference our Person
 * rows carry (`registryRef`). The number is used for this one question and kept nowhere.
 */
export interface PopulationRegister {
  /** The register's reference of the person with this national identity number; null if it has none. */
  registryRefOf(pid: string): Promise<string | null>;
}

/** The register could not answer (down, slow, refused our credentials): the login can be tried again later. */
export class PopulationRegisterUnavailable extends Error {
  constructor(readonly status: number | undefined) {
    // The message never carries the number asked about.
    super(status === undefined ? "the population register did not answer" : `the population register answered HTTP ${status}`);
    this.name = "PopulationRegisterUnavailable";
  }
}

const NationalIdentityNumber = z.string().regex(/^\d{11}$/);
const LookupAnswer = z.object({ registryRef: z.string().min(1).max(200) });

/**
 * The production adapter: `POST {baseUrl}/v1/persons/lookup` with `{"pid": "…"}` and the API key as
 * a bearer token; 200 `{"registryRef": "…"}`, or 404 when the register has no such person. The
 * number goes in the body, never in the URL, which proxies and access logs record.
 */
export class HttpPopulationRegister implements PopulationRegister {
  constructor(private readonly options: { baseUrl: string; apiKey: string; timeoutMs?: number }) {}

  async registryRefOf(pid: string): Promise<string | null> {
    if (!NationalIdentityNumber.safeParse(pid).success) return null;
    let status: number | undefined;
    let body: unknown;
    try {
      const response = await fetch(`${this.options.baseUrl}/v1/persons/lookup`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.options.apiKey}`, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ pid }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      status = response.status;
      if (status === 404) return null;
      if (!response.ok) throw new PopulationRegisterUnavailable(status);
      body = await response.json();
    } catch (error) {
      // Network failures, time-outs and unreadable bodies alike; the cause is not kept, as it may quote the request.
      throw error instanceof PopulationRegisterUnavailable ? error : new PopulationRegisterUnavailable(status);
    }
    const answer = LookupAnswer.safeParse(body);
    if (!answer.success) throw new PopulationRegisterUnavailable(status);
    return answer.data.registryRef;
  }
}
