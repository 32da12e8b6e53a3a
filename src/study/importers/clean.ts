// Tokenizer artefacts that OpenAssistant reports keep at the end of completions (skip_special_tokens
// was off). Only trailing ones are removed: `</s>` inside a text can be real HTML (strikethrough).
const TRAILING_ARTEFACTS = /(?:\s*(?:<\/s>|<\|endoftext\|>|<\|end\|>|<\|im_end\|>))+\s*$/;

export function stripArtefacts(text: string): { text: string; stripped: boolean } {
  const cleaned = text.replace(TRAILING_ARTEFACTS, '');
  return { text: cleaned.trim(), stripped: cleaned.length !== text.length };
}
