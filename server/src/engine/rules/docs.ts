/** Where each rule's documentation lives (the `docs/rules/<id>.md` page of the repository). */
export const DOCS_BASE = 'https://github.com/serverless-guard/serverless-guard/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}${ruleId}.md`;
}
