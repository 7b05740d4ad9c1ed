/**
 * A softmax (multinomial logistic) regression over the classifier's features (stems, words and
 * character 4-grams), trained by full-batch gradient descent with L2 regularisation from zero
 * weights: deterministic, a few hundred milliseconds per language, and steadier than NLP.js's small
 * neural network when a handful of corpus sentences change (docs/nlu.md). Blended with it in
 * classifier.ts.
 */
import { INTENTS, type Intent } from "./intents.ts";

const EPOCHS = 300;
const LEARNING_RATE = 20;
const L2 = 0.00001;

interface Example {
  features: string[];
  label: Intent;
}

/** Each distinct feature once, weighted 1/sqrt(n) so a long message weighs no more than a short one. */
function vectorOf(features: readonly string[], vocabulary: ReadonlyMap<string, number>): { index: number[]; value: number } {
  const index = [...new Set(features.map((feature) => vocabulary.get(feature)).filter((i): i is number => i !== undefined))];
  return { index, value: index.length > 0 ? 1 / Math.sqrt(index.length) : 0 };
}

export class LinearModel {
  private constructor(
    private readonly vocabulary: Map<string, number>,
    private readonly labels: Intent[],
    /** labels.length rows of (vocabulary.size + 1) weights, the last one the bias. */
    private readonly weights: Float64Array,
  ) {}

  static train(examples: readonly Example[]): LinearModel {
    const vocabulary = new Map<string, number>();
    for (const example of examples) for (const feature of example.features) if (!vocabulary.has(feature)) vocabulary.set(feature, vocabulary.size);
    const labels = INTENTS.filter((intent) => examples.some((example) => example.label === intent));
    const width = vocabulary.size + 1;
    const weights = new Float64Array(labels.length * width);
    const data = examples.map((example) => ({ ...vectorOf(example.features, vocabulary), label: labels.indexOf(example.label) }));
    const gradient = new Float64Array(weights.length);
    const probabilities = new Float64Array(labels.length);
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      gradient.fill(0);
      for (const { index, value, label } of data) {
        LinearModel.softmax(weights, width, labels.length, index, value, probabilities);
        for (let c = 0; c < labels.length; c++) {
          const error = probabilities[c]! - (c === label ? 1 : 0);
          const row = c * width;
          for (const i of index) gradient[row + i]! += error * value;
          gradient[row + width - 1]! += error;
        }
      }
      for (let w = 0; w < weights.length; w++) weights[w] = weights[w]! - LEARNING_RATE * (gradient[w]! / data.length + L2 * weights[w]!);
    }
    return new LinearModel(vocabulary, labels, weights);
  }

  private static softmax(weights: Float64Array, width: number, classes: number, index: readonly number[], value: number, out: Float64Array): void {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      const row = c * width;
      let z = weights[row + width - 1]!;
      for (const i of index) z += weights[row + i]! * value;
      out[c] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += out[c] = Math.exp(out[c]! - max);
    for (let c = 0; c < classes; c++) out[c] = out[c]! / sum;
  }

  /** Whether any of these features was seen in training. */
  knowsAny(features: readonly string[]): boolean {
    return features.some((feature) => this.vocabulary.has(feature));
  }

  /** The probability of each intent; none known feature: an empty map. */
  predict(features: readonly string[]): Map<Intent, number> {
    const { index, value } = vectorOf(features, this.vocabulary);
    if (index.length === 0) return new Map();
    const width = this.vocabulary.size + 1;
    const out = new Float64Array(this.labels.length);
    LinearModel.softmax(this.weights, width, this.labels.length, index, value, out);
    return new Map(this.labels.map((label, c) => [label, out[c]!]));
  }

  toJSON(): unknown {
    return { vocabulary: [...this.vocabulary.keys()], labels: this.labels, weights: [...this.weights].map((w) => Math.round(w * 1e6) / 1e6) };
  }

  static fromJSON(json: unknown): LinearModel {
    const { vocabulary, labels, weights } = json as { vocabulary: string[]; labels: Intent[]; weights: number[] };
    return new LinearModel(new Map(vocabulary.map((feature, i) => [feature, i])), labels, Float64Array.from(weights));
  }
}
