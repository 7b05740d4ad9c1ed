import { describe, expect, it } from "vitest";
import { loadCatalogs } from "../../locales/i18n.ts";
import type { Language } from "../../services/languages.ts";

/**
 * The register does not say a child's gender, so sentences about a child ({{child}}, {{name}}) use
 * neutral forms. These are the masculine forms that were rewritten (e.g. Arabic "ما زال صغيرًا،
 * لكن يمكنه" for "Ella"): each marker must stay out of every sentence that names a child.
 */
const catalogs = loadCatalogs();

interface Marker {
  marker: RegExp;
  /** The masculine sentence the marker was written against (so the marker is known to catch it). */
  was: string;
}

const MARKERS: Partial<Record<Language, Marker[]>> = {
  ar: [
    { marker: /ما زال صغير/, was: "{{name}} ما زال صغيرًا، لكن يمكنه الحصول على البطاقة ابتداءً من {{date}}." },
    { marker: /يمكنه/, was: "{{name}} غير مسجّل كمقيم في {{municipality}}، لذا لا يمكنه الحصول على البطاقة الآن." },
    { marker: /\}\} تجاوز/, was: "{{name}} تجاوز الحد العمري." },
    { marker: /\}\} (غير )?مسج[\u0651\u064e]*ل/, was: "{{child}} مسجّل بالفعل في {{title}}." },
    { marker: /يحتاج \{\{/, was: "هل يحتاج {{child}} إلى تكييف، مثل دخول بالكرسي المتحرك أو مراعاة حساسية؟" },
    { marker: /ماذا يحتاج/, was: "ماذا يحتاج {{child}}؟" },
    { marker: /\}\} من بلدية \{\{municipality\}\} يكتب/, was: "{{name}} من بلدية {{municipality}} يكتب: {{text}}" },
    { marker: /أنهى \{\{name\}\}/, was: "أنهى {{name}} من بلدية {{municipality}} المحادثة." },
    { marker: /أخذه \{\{name\}\}/, was: "أخذه {{name}}" },
    { marker: /\{\{child\}\} ليس من/, was: "{{child}} ليس من عائلاتك." },
  ],
  so: [
    { marker: /\}\} wuu heli/, was: "{{name}} wuu heli karaa kaarka lix biloodkan." },
    { marker: /waa yar yahay/, was: "{{name}} weli waa yar yahay, laakiin wuu heli karaa kaarka laga bilaabo {{date}}." },
    { marker: /\}\} wuu dhaafay/, was: "{{name}} wuu dhaafay da'da." },
    { marker: /\bma heli karo kaarka/, was: "{{child}} ma heli karo kaarka lix biloodkan." },
    { marker: /\bMaxuu\b/, was: "Maxuu u baahan yahay {{child}}?" },
    { marker: /Ma u baahan yahay \{\{child\}\}/, was: "Ma u baahan yahay {{child}} habayn?" },
    { marker: /\}\} wuxuu jiraa/, was: "{{child}} wuxuu jiraa {{age}}." },
    { marker: /\bayuu sugayaa/, was: "Xusuusin: {{child}} waxa loo diiwaangeliyey {{activity}}, weli jawaabtaada ayuu sugayaa." },
  ],
  ur: [
    { marker: /کارڈ (نہیں )?لے سکتا/, was: "{{name}} اس ششماہی میں کارڈ لے سکتا ہے۔" },
    { marker: /چھوٹا ہے/, was: "{{name}} ابھی چھوٹا ہے، لیکن {{date}} سے کارڈ لے سکتا ہے۔" },
  ],
  ti: [
    { marker: /ንእሽቶ እዩ/, was: "{{name}} ገና ንእሽቶ እዩ፡ ግን ካብ {{date}} ጀሚሩ ካርድ ክረክብ ይኽእል።" },
    { marker: /ክረክብ (ይኽእል|ኣይክእልን)/, was: "{{name}} ኣብዚ ፍርቂ ዓመት ካርድ ክረክብ ይኽእል።" },
    { marker: /\}\} ካብ ደረት ዕድመ ሓሊፉ/, was: "{{name}} ካብ ደረት ዕድመ ሓሊፉ።" },
    { marker: /የድልዮ/, was: "{{child}} እንታይ የድልዮ?" },
    { marker: /\{\{child\}\} (ድሮ )?ኣብ \{\{title\}\} ተመዝጊቡ/, was: "{{child}} ኣብ {{title}} ተመዝጊቡ።" },
  ],
};

/** Every leaf of a catalog as "a.b.c" → text. */
function leaves(value: unknown, prefix = ""): [string, string][] {
  if (typeof value === "string") return [[prefix, value]];
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
  return [];
}

const CHILD = /\{\{\s*(child|name)\s*\}\}/;
/** The sentences of a text that name a child (Latin, Arabic, Urdu and Ethiopic sentence ends). */
const childSentences = (text: string) => text.split(/(?<=[.?!؟۔።])\s*/).filter((sentence) => CHILD.test(sentence));

describe("sentences about a child are gender-neutral where the register does not say", () => {
  it.each(Object.entries(MARKERS) as [Language, Marker[]][])("%s: no masculine marker next to {{child}} or {{name}}", (language, markers) => {
    for (const { marker, was } of markers) expect(was, `${language} ${marker} catches the sentence it was written for`).toMatch(marker);
    const found: string[] = [];
    for (const [namespace, catalog] of Object.entries(catalogs[language]!)) {
      for (const [key, text] of leaves(catalog)) {
        for (const sentence of childSentences(text)) for (const { marker } of markers) if (marker.test(sentence)) found.push(`${namespace}:${key} ${marker}: ${sentence}`);
      }
    }
    expect(found).toEqual([]);
  });
});
