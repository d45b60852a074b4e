import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { modelOfFile } from '../../../server/src/engine/model/file-model';
import { WorkspaceIndex } from '../../../server/src/engine/model/workspace';
import { SourceFile } from '../../../server/src/engine/source';
import { fixturePath } from './helpers';

const FILES = [
  'serverless/orders-v3/serverless.yml',
  'serverless/legacy-v1/serverless.yml',
  'serverless/typescript-config/serverless.ts',
  'serverless/json-config/serverless.json',
  'sam/photo-api/template.yaml',
  'cloudformation/billing-yaml/billing.yml',
  'cloudformation/audit-json/audit.template.json',
  'azure/reports-app/local.settings.json',
  'azure/reports-app/HttpReport/function.json',
  'cdk/inventory-app/lib/inventory-stack.ts',
];

describe('model: robustness', () => {
  for (const rel of FILES) {
    it(`half-typed versions of ${rel} never throw and never fail internally`, () => {
      const p = fixturePath(rel);
      const text = readFileSync(p, 'utf8');
      const index = new WorkspaceIndex();
      for (let cut = 0; cut <= text.length; cut += 13) {
        const file = SourceFile.create(p, text.slice(0, cut));
        const model = modelOfFile(file);
        for (const problem of model?.problems ?? []) assert.doesNotMatch(problem.message, /internal error/, `cut at ${cut}`);
        index.update(file);
      }
      assert.equal(index.allConfigs().length, 1);
    });
  }
});
