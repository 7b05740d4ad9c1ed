import { TextPrompt, type PromptValidatorContext } from "botbuilder-dialogs";
import { numbersIn } from "./answers.ts";

/**
 * A prompt for one or more numbers from a numbered list: `validations: { max, many? }`. Anything
 * else gets the retry prompt (a clear new request is taken by the router before this runs).
 */
export class NumberChoicePrompt extends TextPrompt {
  constructor(id: string) {
    super(id, async (prompt: PromptValidatorContext<string>) => {
      const { max, many } = prompt.options.validations as { max: number; many?: boolean };
      const numbers = numbersIn(prompt.recognized.value ?? "");
      if (!prompt.recognized.succeeded || numbers.length === 0 || (!many && numbers.length > 1)) return false;
      return numbers.every((n) => n >= 1 && n <= max);
    });
  }
}
