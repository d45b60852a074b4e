/**
 * AWS CDK stacks in TypeScript or JavaScript, read statically from literal arguments: Lambda
 * functions (handler, environment, role, URL), `iam.PolicyStatement`s and where they are attached
 * (`addToRolePolicy`, `addToPrincipalPolicy`, `addToPolicy`, `initialPolicy`, policy documents,
 * `iam.Policy`, resource policies), roles, managed policies. Nothing is executed; values that are
 * not literals in the file are `code` references.
 */
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { bindingsOf, type Bindings, childNodes, propertyName, unwrap } from '../code/bindings';
import { basename } from '../classify';
import { dirname, joinPath, normalizePath, stripCodeExtension } from '../paths';
import { get, getPair, isMap, type CMap, type CNode, type Span } from '../parse/tree';
import type { SourceFile } from '../source';
import { ModelBuilder, syntheticLiteral, type PolicyContext } from './builder';
import { applyRole, readEnvironment, readUrl } from './cloudformation';
import { runtimeFamily } from './functions';
import { JsTree } from './js-tree';
import type { FunctionModel, ManagedPolicyRef, ModelValue, PrincipalEntry, RoleModel, StatementModel, ValueList } from './types';
import { Reader, literalString } from './values';

type Node = TSESTree.Node;
type Call = TSESTree.CallExpression;
type New = TSESTree.NewExpression;

/**
 * True when the file imports the CDK and may declare something the model reads. Every construct the
 * reader recognises is named by a class whose name holds `Function`, `Policy` or `Role` (functions,
 * statements, policy documents, policies, managed policies, roles, function URLs), so a file without
 * those words (an app entry point, most tests and unrelated constructs) has an empty model and is
 * not parsed for it.
 */
export function looksLikeCdk(text: string): boolean {
  return /['"](aws-cdk-lib|@aws-cdk\/[\w-]+|aws-cdk-lib\/[\w-]+)['"]/.test(text) && /Function|Policy|Role/.test(text);
}

const FUNCTION_CLASSES = new Set(['Function', 'NodejsFunction', 'PythonFunction', 'GoFunction', 'DockerImageFunction', 'SingletonFunction', 'EdgeFunction']);

/** Constructs that take a resource policy as a `PolicyDocument` property (`policy` of `RestApi`, ...). */
const RESOURCE_POLICY_PROPS = ['policy', 'resourcePolicy'];
const NOT_RESOURCE_OWNERS = new Set(['Role', 'Policy', 'ManagedPolicy', 'PolicyDocument', 'PolicyStatement', ...FUNCTION_CLASSES]);

interface CdkRole {
  model: RoleModel;
  external: boolean;
}

export function readCdk(b: ModelBuilder, file: SourceFile): void {
  const ast = file.js?.ast;
  if (!ast) {
    b.model.problems.push({ kind: 'parse-error', path: file.path, message: 'the file could not be parsed' });
    return;
  }
  new CdkReader(b, file, ast).run();
}

class CdkReader {
  private readonly bindings: Bindings;
  private readonly tree: JsTree;
  private readonly r: Reader;
  private readonly byRange = new Map<string, Node>();
  private readonly news: New[] = [];
  private readonly calls: Call[] = [];
  /** Statement AST (by range key) -> model. */
  private readonly statements = new Map<string, StatementModel[]>();
  /** Variable text (`fn`, `this.fn`) -> function / role. */
  private readonly functions = new Map<string, FunctionModel>();
  private readonly roles = new Map<string, CdkRole>();
  private readonly rolesByName = new Map<string, RoleModel>();
  private readonly policies = new Map<string, string[]>();
  private readonly fnRole = new Map<FunctionModel, string>();

  constructor(
    private readonly b: ModelBuilder,
    private readonly file: SourceFile,
    private readonly ast: TSESTree.Program,
  ) {
    this.bindings = bindingsOf(ast);
    this.tree = new JsTree(file.text, this.bindings);
    this.r = new Reader({ text: file.text, path: file.path, problems: b.model.problems });
  }

  run(): void {
    const stack: Node[] = [this.ast];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'NewExpression') this.news.push(n);
      else if (n.type === 'CallExpression') this.calls.push(n);
      if (n.type === 'NewExpression' || n.type === 'CallExpression') this.byRange.set(key(n.range), n);
      const children = childNodes(n);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
    this.news.sort((a, c) => a.range[0] - c.range[0]);
    this.calls.sort((a, c) => a.range[0] - c.range[0]);
    // 1. Statements, wherever they are written.
    for (const n of this.news) if (this.className(n.callee) === 'PolicyStatement') this.statementOf(n);
    for (const c of this.calls) {
      const m = this.memberCall(c);
      if (m && m.method === 'fromJson' && this.className(m.object) === 'PolicyStatement') this.statementOf(c);
    }
    // 2. Roles, then functions, then policies and calls that attach things.
    for (const n of this.news) if (this.className(n.callee) === 'Role' && this.isCdkCallee(n.callee)) this.role(n);
    for (const c of this.calls) {
      const m = this.memberCall(c);
      if (m && /^fromRole(Arn|Name)$/.test(m.method) && this.className(m.object) === 'Role') this.externalRole(c);
    }
    for (const n of this.news) {
      const cls = this.className(n.callee);
      if (cls && FUNCTION_CLASSES.has(cls) && this.isLambdaCallee(n.callee, cls)) this.lambdaFunction(n, cls);
    }
    for (const n of this.news) {
      const cls = this.className(n.callee);
      if ((cls === 'Policy' || cls === 'ManagedPolicy') && this.isCdkCallee(n.callee)) this.policy(n, cls);
      if (cls === 'FunctionUrl' && this.isCdkCallee(n.callee)) this.functionUrl(n);
    }
    for (const c of this.calls) this.call(c);
    // Resource policies given as properties (`new apigw.RestApi(this, 'Api', {policy: doc})`).
    for (const n of this.news) {
      const cls = this.className(n.callee);
      if (!cls || NOT_RESOURCE_OWNERS.has(cls) || !this.isCdkCallee(n.callee)) continue;
      const owner = `cdk:${this.constructId(n)?.id ?? this.assignedName(n) ?? cls}`;
      for (const prop of RESOURCE_POLICY_PROPS) {
        const doc = this.propertyAst(n.arguments[2], prop);
        if (doc) this.documentStatements(doc, { kind: 'resource', owner });
      }
    }
    for (const [fn, roleVar] of this.fnRole) {
      const role = this.roles.get(roleVar);
      if (!role || role.external) continue;
      applyRole(this.b, fn, role.model.name, { roles: this.rolesByName, attached: new Map(), managedStatements: new Map() });
    }
    // A statement with a principal that was never attached is a resource policy statement.
    for (const st of this.b.model.statements) if (st.owner === 'cdk:unattached' && st.principals?.length) st.policyKind = 'resource';
    for (const p of this.tree.problems) this.r.problem('unresolved', p.message, p.range);
  }

  // ------------------------------------------------------------ helpers

  /** `iam.PolicyStatement` -> `PolicyStatement`; `PolicyStatement` -> itself. */
  private className(callee: Node): string | undefined {
    const c = unwrap(callee);
    if (c.type === 'Identifier') {
      const m = this.bindings.moduleOf(c.name);
      return m && m.imported !== '*' && m.imported !== 'default' ? m.imported : c.name;
    }
    if (c.type === 'MemberExpression' && !c.computed) return propertyName(c);
    return undefined;
  }

  private rootModule(callee: Node): string | undefined {
    let c = unwrap(callee);
    while (c.type === 'MemberExpression') c = unwrap(c.object);
    return c.type === 'Identifier' ? this.bindings.moduleOf(c.name)?.module : undefined;
  }

  private isCdkCallee(callee: Node): boolean {
    const m = this.rootModule(callee);
    return !m || /aws-cdk|@aws-cdk|constructs/.test(m);
  }

  private isLambdaCallee(callee: Node, cls: string): boolean {
    const m = this.rootModule(callee);
    const text = this.file.text.slice(callee.range[0], callee.range[1]);
    if (cls !== 'Function') return !m || /aws-cdk|@aws-cdk/.test(m);
    // `Function` is also JavaScript's global: require a Lambda module or namespace.
    if (m && /lambda/i.test(m)) return true;
    return /lambda/i.test(text.slice(0, -'Function'.length));
  }

  private memberCall(c: Call): { object: Node; method: string } | undefined {
    const callee = unwrap(c.callee);
    if (callee.type !== 'MemberExpression' || callee.computed) return undefined;
    const method = propertyName(callee);
    return method ? { object: callee.object, method } : undefined;
  }

  /** `fn`, `this.fn`, `props.fn` as written (what variables are keyed by). */
  private targetText(n: Node): string {
    const u = unwrap(n);
    return this.file.text.slice(u.range[0], u.range[1]).replace(/\s+/g, '').replace(/[?!]/g, '');
  }

  /** The variable a `new X(...)` is assigned to. */
  private assignedName(n: Node): string | undefined {
    let p: Node | undefined = n.parent;
    while (p && (p.type === 'TSAsExpression' || p.type === 'TSNonNullExpression' || p.type === 'TSSatisfiesExpression')) p = p.parent;
    if (!p) return undefined;
    if (p.type === 'VariableDeclarator' && p.id.type === 'Identifier') return p.id.name;
    if (p.type === 'AssignmentExpression') return this.targetText(p.left);
    if (p.type === 'PropertyDefinition' && p.key.type === 'Identifier') return `this.${p.key.name}`;
    return undefined;
  }

  /** Names a construct is known by: its variable and, for `this.x`, `x`. */
  private register<T>(map: Map<string, T>, name: string | undefined, value: T): void {
    if (!name) return;
    map.set(name, value);
    if (name.startsWith('this.')) map.set(name.slice(5), value);
    else map.set(`this.${name}`, value);
  }

  private constructId(n: New): { id: string; range: Span } | undefined {
    const a = n.arguments[1];
    if (!a) return undefined;
    const u = unwrap(a);
    if (u.type === 'Literal' && typeof u.value === 'string') return { id: u.value, range: [u.range[0], u.range[1]] };
    if (u.type === 'TemplateLiteral' && u.expressions.length === 0) return { id: u.quasis[0].value.cooked ?? '', range: [u.range[0], u.range[1]] };
    return { id: this.targetText(u), range: [u.range[0], u.range[1]] };
  }

  /** The AST expression behind an argument (through `const`s). */
  private resolve(n: Node | undefined): Node | undefined {
    let cur = n ? unwrap(n) : undefined;
    for (let i = 0; i < 5 && cur && cur.type === 'Identifier'; i++) {
      const init = this.bindings.constInit(cur.name);
      cur = init ? unwrap(init) : undefined;
    }
    return cur;
  }

  private props(n: New | Call, index: number): CMap | undefined {
    const a = n.arguments[index];
    if (!a || a.type === 'SpreadElement') return undefined;
    const t = this.tree.convert(a);
    return isMap(t) && !t.tag ? t : undefined;
  }

  private line(n: Node | Span): number {
    const start = Array.isArray(n) ? n[0] : (n as Node).range[0];
    return this.file.lines.positionAt(start).line + 1;
  }

  // ------------------------------------------------------------ statements

  /** The statements a `new PolicyStatement(...)` / `PolicyStatement.fromJson(...)` expression models (created once). */
  private statementOf(n: New | Call): StatementModel[] {
    const k = key(n.range);
    const hit = this.statements.get(k);
    if (hit) return hit;
    const out: StatementModel[] = [];
    this.statements.set(k, out);
    const fromJson = n.type === 'CallExpression';
    const props = this.props(n, 0);
    const pc: PolicyContext = { kind: 'identity', owner: 'cdk:unattached' };
    const location = `${fromJson ? 'PolicyStatement.fromJson' : 'new PolicyStatement'} (line ${this.line(n)})`;
    const st = props
      ? this.b.readStatement(this.r, props, location, pc, [], fromJson ? 'iam' : 'cdk')
      : this.b.addStatement({ location, range: [n.range[0], n.range[1]], policyKind: 'identity', owner: pc.owner });
    if (!fromJson) {
      const principalsNode = this.propertyAst(n.arguments[0], 'principals');
      if (principalsNode && principalsNode.type === 'ArrayExpression') {
        st.principals = principalsNode.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? this.principal(e) : []));
        st.principalRange = [principalsNode.range[0], principalsNode.range[1]];
      }
      const np = this.propertyAst(n.arguments[0], 'notPrincipals');
      if (np && np.type === 'ArrayExpression') st.notPrincipals = np.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? this.principal(e) : []));
    }
    if (!st.effect && !fromJson) st.effect = syntheticLiteral('Allow', [n.range[0], n.range[0]]);
    out.push(st);
    return out;
  }

  /** An object-literal argument's property, as AST. */
  private propertyAst(arg: Node | undefined, name: string): Node | undefined {
    const obj = this.resolve(arg);
    if (!obj || obj.type !== 'ObjectExpression') return undefined;
    let found: Node | undefined;
    for (const p of obj.properties) if (p.type === 'Property' && propertyName(p) === name) found = p.value as Node;
    return found ? this.resolve(found) ?? found : undefined;
  }

  /** `new iam.ServicePrincipal('x')`, `new iam.AnyPrincipal()`, `new iam.CompositePrincipal(...)`, ... */
  private principal(e: Node): PrincipalEntry[] {
    const n = this.resolve(e) ?? e;
    const range: Span = [n.range[0], n.range[1]];
    if (n.type === 'NewExpression') {
      const cls = this.className(n.callee);
      const arg = n.arguments[0] && n.arguments[0].type !== 'SpreadElement' ? this.r.value(this.tree.convert(n.arguments[0])) : undefined;
      switch (cls) {
        case 'AnyPrincipal':
        case 'StarPrincipal':
          return [{ type: '*', value: syntheticLiteral('*', range) }];
        case 'ServicePrincipal':
          return arg ? [{ type: 'Service', value: arg }] : [];
        case 'ArnPrincipal':
        case 'AccountPrincipal':
          return arg ? [{ type: 'AWS', value: arg }] : [];
        case 'FederatedPrincipal':
        case 'WebIdentityPrincipal':
          return arg ? [{ type: 'Federated', value: arg }] : [];
        case 'CanonicalUserPrincipal':
          return arg ? [{ type: 'CanonicalUser', value: arg }] : [];
        case 'OrganizationPrincipal':
          return [{ type: 'AWS', value: syntheticLiteral('*', range) }];
        case 'CompositePrincipal':
          return n.arguments.flatMap((a) => (a.type === 'SpreadElement' ? [] : this.principal(a)));
        default:
          break;
      }
    }
    return [{ type: 'AWS', value: this.r.value(this.tree.code(n))! }];
  }

  /** The statements an expression stands for: a statement, a const holding one, a list of them. */
  private statementsIn(e: Node | undefined): StatementModel[] {
    const n = this.resolve(e);
    if (!n) return [];
    if (n.type === 'ArrayExpression') return n.elements.flatMap((x) => (x && x.type !== 'SpreadElement' ? this.statementsIn(x) : []));
    if (n.type === 'NewExpression' && this.className(n.callee) === 'PolicyStatement') return this.statementOf(n);
    if (n.type === 'CallExpression') {
      const m = this.memberCall(n);
      if (m?.method === 'fromJson' && this.className(m.object) === 'PolicyStatement') return this.statementOf(n);
    }
    return [];
  }

  /** Statements of a policy document expression: `new PolicyDocument({statements})`, `PolicyDocument.fromJson({...})`. */
  private documentStatements(e: Node | undefined, pc: PolicyContext): string[] {
    const n = this.resolve(e);
    if (!n) return [];
    if (n.type === 'NewExpression' && this.className(n.callee) === 'PolicyDocument') {
      const sts = this.statementsIn(this.propertyAst(n.arguments[0], 'statements'));
      return this.claim(sts, pc);
    }
    if (n.type === 'CallExpression') {
      const m = this.memberCall(n);
      if (m?.method === 'fromJson' && this.className(m.object) === 'PolicyDocument') {
        const k = key(n.range);
        let ids = this.policies.get(k);
        if (!ids) {
          const a = n.arguments[0];
          const doc = a && a.type !== 'SpreadElement' ? this.tree.convert(a) : undefined;
          ids = this.b.readPolicyDocument(this.r, doc, `PolicyDocument.fromJson (line ${this.line(n)})`, pc);
          this.policies.set(k, ids);
        }
        return ids;
      }
    }
    return [];
  }

  /** Gives statements their owner and kind (the first use decides), returns their ids. */
  private claim(sts: StatementModel[], pc: PolicyContext): string[] {
    for (const s of sts) {
      if (s.owner !== 'cdk:unattached') continue;
      s.owner = pc.owner;
      s.policyKind = pc.kind;
      if (pc.policyName) s.policyName = pc.policyName;
    }
    return sts.map((s) => s.id);
  }

  // ------------------------------------------------------------ constructs

  private role(n: New): void {
    const id = this.constructId(n);
    const name = id?.id ?? this.assignedName(n) ?? `Role@${this.line(n)}`;
    const model: RoleModel = { name, path: this.b.path, range: [n.range[0], n.range[1]], statements: [], trustStatements: [], managedPolicies: [] };
    this.b.model.roles.push(model);
    this.rolesByName.set(name, model);
    this.register(this.roles, this.assignedName(n), { model, external: false });
    this.roles.set(`@${key(n.range)}`, { model, external: false });
    const owner = `cdk:${name}`;
    const props = n.arguments[2];
    const assumedBy = this.propertyAst(props, 'assumedBy');
    if (assumedBy) {
      const principals = this.principal(assumedBy);
      const at: Span = [assumedBy.range[0], assumedBy.range[1]];
      const st = this.b.addStatement({
        location: `new Role ${name} assumedBy`,
        range: at,
        policyKind: 'trust',
        owner,
        generated: 'cdk-assumed-by',
        effect: syntheticLiteral('Allow', at),
        actions: { keyRange: at, range: at, items: [syntheticLiteral('sts:AssumeRole', at)] },
        principals,
        principalRange: at,
      });
      model.trustStatements.push(st.id);
    }
    const mps = this.propertyAst(props, 'managedPolicies');
    if (mps && mps.type === 'ArrayExpression') {
      for (const e of mps.elements) if (e && e.type !== 'SpreadElement') model.managedPolicies.push(...this.managedPolicy(e, owner));
    }
    const inline = this.propertyAst(props, 'inlinePolicies');
    if (inline && inline.type === 'ObjectExpression') {
      for (const p of inline.properties) {
        if (p.type !== 'Property') continue;
        model.statements.push(...this.documentStatements(p.value as Node, { kind: 'identity', owner, policyName: propertyName(p) }));
      }
    }
    const pb = this.propertyAst(props, 'permissionsBoundary');
    if (pb) model.permissionsBoundary = this.r.value(this.tree.convert(pb) ?? this.tree.code(pb));
  }

  private externalRole(c: Call): void {
    const name = this.assignedName(c);
    const model: RoleModel = { name: name ?? `Role@${this.line(c)}`, path: this.b.path, range: [c.range[0], c.range[1]], statements: [], trustStatements: [], managedPolicies: [] };
    this.register(this.roles, name, { model, external: true });
  }

  private managedPolicy(e: Node, owner: string): ManagedPolicyRef[] {
    const n = this.resolve(e) ?? e;
    if (n.type === 'CallExpression') {
      const m = this.memberCall(n);
      if (m && this.className(m.object) === 'ManagedPolicy') {
        const argIndex = m.method === 'fromAwsManagedPolicyName' ? 0 : 2;
        const a = n.arguments[argIndex];
        const value = (a && a.type !== 'SpreadElement' ? this.r.value(this.tree.convert(a)) : undefined) ?? this.r.value(this.tree.code(n))!;
        const ref = this.b.managedPolicy(value, owner);
        if (m.method === 'fromAwsManagedPolicyName') {
          const lit = literalString(value);
          if (lit) ref.awsManagedName = lit.replace(/^.*\//, '');
          else delete ref.awsManagedName;
        } else if (m.method === 'fromManagedPolicyName') {
          delete ref.awsManagedName;
        }
        return [ref];
      }
    }
    return [this.b.managedPolicy(this.r.value(this.tree.code(n))!, owner)];
  }

  private lambdaFunction(n: New, cls: string): void {
    const id = this.constructId(n);
    const varName = this.assignedName(n);
    const name = id?.id ?? varName ?? `${cls}@${this.line(n)}`;
    const props = this.props(n, 2);
    const fn = this.b.addFunction({
      name,
      format: 'cdk',
      nameRange: id?.range ?? [n.range[0], n.range[1]],
      range: [n.range[0], n.range[1]],
    });
    this.register(this.functions, varName, fn);
    const propsAst = n.arguments[2];
    // Handler file.
    const handlerNode = get(props, 'handler');
    const handlerValue = handlerNode ? this.r.value(handlerNode) : undefined;
    const handlerText = literalString(handlerValue);
    const dir = dirname(this.file.path);
    const runtimeAst = this.propertyAst(propsAst, 'runtime');
    const family = runtimeAst ? runtimeFamily(this.file.text.slice(runtimeAst.range[0], runtimeAst.range[1])) : undefined;
    const entryAst = this.propertyAst(propsAst, 'entry');
    const entry = this.staticPath(entryAst);
    const unresolved = (what: string, node: Node) => this.r.problem('unresolved', `the ${what} of ${name} is ${this.tree.code(node).value}, which the model cannot resolve to a file`, [node.range[0], node.range[1]]);
    if (entryAst && !entry) unresolved('entry', entryAst);
    if (cls === 'NodejsFunction') {
      // Without `entry`, the handler is `<stack file>.<id>.ts` next to the stack.
      const fileBase = entry ? stripCodeExtension(entry) : entryAst ? undefined : `${stripCodeExtension(joinPath(dir, basename(this.file.path)))}.${name}`;
      const exportName = handlerText ?? 'handler';
      if (fileBase) fn.handler = { raw: handlerText ?? exportName, range: handlerNode?.range ?? fn.nameRange, fileBase, exportName };
    } else if (cls === 'PythonFunction') {
      const index = literalString(this.r.value(get(props, 'index'))) ?? 'index.py';
      if (entry) fn.handler = { raw: `${index}:${handlerText ?? 'handler'}`, range: handlerNode?.range ?? fn.nameRange, fileBase: stripCodeExtension(joinPath(entry, index)), exportName: handlerText ?? 'handler' };
    } else if (cls !== 'DockerImageFunction' && cls !== 'GoFunction' && family !== 'other' && handlerText) {
      const codeAst = this.propertyAst(propsAst, 'code');
      const codeDir = this.codeAsset(codeAst);
      if (!codeDir && codeAst && this.isFromAsset(codeAst)) unresolved('code asset', codeAst);
      if (codeDir) {
        const dot = handlerText.lastIndexOf('.');
        if (dot > 0) {
          let filePart = handlerText.slice(0, dot);
          if (!filePart.includes('/') && filePart.includes('.')) filePart = filePart.replace(/\./g, '/');
          fn.handler = { raw: handlerText, range: handlerNode!.range, fileBase: joinPath(codeDir, filePart), exportName: handlerText.slice(dot + 1) };
        }
      }
    }
    const rt = get(props, 'runtime');
    if (rt) fn.runtime = this.r.value(rt);
    const envPair = getPair(props, 'environment');
    if (envPair?.value) {
      fn.environment = readEnvironment(this.b, this.r, envPair.value, 'function', name);
      if (isMap(envPair.value)) fn.environmentRange = envPair.value.range;
    }
    // Statements given at creation.
    const initial = this.statementsIn(this.propertyAst(propsAst, 'initialPolicy'));
    this.b.link(fn, this.claim(initial, { kind: 'identity', owner: `cdk:${name}` }));
    const roleProp = get(props, 'role');
    if (roleProp) {
      const text = this.roleVarText(propsAst);
      const known = text ? this.roles.get(text) : undefined;
      const useSite = this.propertyUseSite(propsAst, 'role');
      const value = useSite ? this.r.value(this.tree.code(useSite))! : this.r.value(roleProp)!;
      fn.role = { value, external: !known || known.external, ...(known && !known.external ? { resource: known.model.name } : {}) };
      if (known && text) this.fnRole.set(fn, text);
    }
  }

  /** A property's value as written (not followed through consts). */
  private propertyUseSite(propsAst: Node | undefined, name: string): Node | undefined {
    const obj = this.resolve(propsAst);
    if (!obj || obj.type !== 'ObjectExpression') return undefined;
    let found: Node | undefined;
    for (const p of obj.properties) if (p.type === 'Property' && propertyName(p) === name) found = unwrap(p.value as Node);
    return found;
  }

  /** The variable a `role:` property names (`role: myRole`, `role: this.role`). */
  private roleVarText(propsAst: Node | undefined): string | undefined {
    const obj = this.resolve(propsAst);
    if (!obj || obj.type !== 'ObjectExpression') return undefined;
    for (const p of obj.properties) {
      if (p.type === 'Property' && propertyName(p) === 'role') {
        const v = unwrap(p.value as Node);
        // `role: new iam.Role(...)` written in place is known by its position.
        if (v.type === 'NewExpression') return `@${key(v.range)}`;
        return this.targetText(v);
      }
    }
    return undefined;
  }


  private isFromAsset(e: Node): boolean {
    const n = this.resolve(e);
    return !!n && n.type === 'CallExpression' && this.memberCall(n)?.method === 'fromAsset';
  }

  /** `lambda.Code.fromAsset(dir)`: the folder (absolute) when it is static. */
  private codeAsset(e: Node | undefined): string | undefined {
    const n = this.resolve(e);
    if (!n || n.type !== 'CallExpression') return undefined;
    const m = this.memberCall(n);
    if (!m || m.method !== 'fromAsset') return undefined;
    return this.staticPath(n.arguments[0]);
  }

  /**
   * A path expression evaluated statically: string literals, `__dirname`, `path.join` / `path.resolve`,
   * template literals over those, consts. Relative paths without `__dirname` are relative to the CDK
   * app's folder, taken to be the folder above `lib/`, `bin/` or `src/` when the stack sits in one.
   */
  private staticPath(e: Node | undefined): string | undefined {
    const dir = dirname(this.file.path);
    const evalPart = (x: Node | undefined, depth: number): { text: string; anchored: boolean } | undefined => {
      if (!x || depth > 10) return undefined;
      const n = unwrap(x);
      if (n.type === 'Literal' && typeof n.value === 'string') return { text: n.value, anchored: false };
      if (n.type === 'Identifier') {
        if (n.name === '__dirname') return { text: dir, anchored: true };
        const init = this.bindings.constInit(n.name);
        return init ? evalPart(init, depth + 1) : undefined;
      }
      if (n.type === 'TemplateLiteral') {
        let text = '';
        let anchored = false;
        for (let i = 0; i < n.quasis.length; i++) {
          text += n.quasis[i].value.cooked ?? '';
          const ex = n.expressions[i];
          if (ex) {
            const v = evalPart(ex, depth + 1);
            if (!v) return undefined;
            if (i === 0 && !n.quasis[0].value.cooked) anchored = v.anchored;
            text += v.text;
          }
        }
        return { text, anchored };
      }
      if (n.type === 'CallExpression') {
        const fnName = this.pathFunction(n.callee);
        if (fnName) {
          const parts = n.arguments.map((a) => (a.type === 'SpreadElement' ? undefined : evalPart(a, depth + 1)));
          if (parts.some((p) => !p)) return undefined;
          let anchored = false;
          let acc = '';
          for (const p of parts as Array<{ text: string; anchored: boolean }>) {
            // path.resolve restarts at an absolute segment; path.join only concatenates.
            if (acc === '' || p.anchored || (fnName === 'resolve' && p.text.startsWith('/'))) {
              acc = p.text;
              anchored = p.anchored || (acc === p.text && anchored);
            } else acc = `${acc}/${p.text}`;
          }
          return { text: acc, anchored };
        }
      }
      return undefined;
    };
    const v = evalPart(e, 0);
    if (!v) return undefined;
    if (v.anchored || v.text.startsWith('/')) return normalizePath(v.text);
    return joinPath(appRoot(dir), v.text);
  }

  /** `path.join` / `path.resolve` / an imported `join` or `resolve` from `path`: which one. */
  private pathFunction(callee: Node): 'join' | 'resolve' | undefined {
    const c = unwrap(callee);
    let name: string | undefined;
    if (c.type === 'MemberExpression' && !c.computed) {
      name = propertyName(c);
      const obj = unwrap(c.object);
      const m = obj.type === 'Identifier' ? this.bindings.moduleOf(obj.name)?.module : undefined;
      if (obj.type !== 'Identifier' || (m !== undefined && m !== 'path' && m !== 'node:path' && m !== 'upath')) return undefined;
    } else if (c.type === 'Identifier') {
      const m = this.bindings.moduleOf(c.name);
      if (!m || (m.module !== 'path' && m.module !== 'node:path')) return undefined;
      name = m.imported;
    }
    return name === 'join' || name === 'resolve' ? name : undefined;
  }

  private policy(n: New, cls: string): void {
    const id = this.constructId(n);
    const name = id?.id ?? this.assignedName(n) ?? `${cls}@${this.line(n)}`;
    const owner = `cdk:${name}`;
    const sts = this.statementsIn(this.propertyAst(n.arguments[2], 'statements'));
    const ids = this.claim(sts, { kind: 'identity', owner });
    const docIds = this.documentStatements(this.propertyAst(n.arguments[2], 'document'), { kind: 'identity', owner });
    const all = [...ids, ...docIds];
    this.register(this.policies, this.assignedName(n), all);
    this.policies.set(`@${key(n.range)}`, all);
    const roles = this.propertyAst(n.arguments[2], 'roles');
    if (roles && roles.type === 'ArrayExpression') {
      for (const r of roles.elements) if (r && r.type !== 'SpreadElement') this.attach(this.targetText(r), all);
    }
  }

  /** The statements of an `iam.Policy` given as a variable or written in place. */
  private policyIds(e: Node): string[] | undefined {
    const u = unwrap(e);
    if (u.type === 'NewExpression') return this.policies.get(`@${key(u.range)}`);
    return this.policies.get(this.targetText(u));
  }

  /** Adds statements to what a target variable names: a role, a function, or `fn.role`. */
  private attach(target: string, ids: string[], managed?: ManagedPolicyRef[]): void {
    const role = this.roles.get(target);
    if (role) {
      for (const id of ids) if (!role.model.statements.includes(id)) role.model.statements.push(id);
      if (managed) role.model.managedPolicies.push(...managed);
      for (const [fn, roleVar] of this.fnRole) {
        if (this.roles.get(roleVar) === role) {
          this.b.link(fn, ids);
          if (managed) fn.managedPolicies.push(...managed);
        }
      }
      return;
    }
    const fnName = target.endsWith('.role') ? target.slice(0, -5) : target;
    const fn = this.functions.get(fnName);
    if (fn) {
      this.b.link(fn, ids);
      if (managed) fn.managedPolicies.push(...managed);
    }
  }

  private functionUrl(n: New): void {
    const fnAst = this.propertyAst(n.arguments[2], 'function');
    const fn = fnAst ? this.functions.get(this.targetText(fnAst)) : undefined;
    const props = this.props(n, 2);
    if (!fn || !props) return;
    readUrl(this.b, this.r, fn, props, get(props, 'authType'), 'function-url', `new FunctionUrl (line ${this.line(n)})`, 'AWS_IAM');
  }

  private call(c: Call): void {
    const m = this.memberCall(c);
    if (!m) return;
    const target = this.targetText(m.object);
    const arg0 = c.arguments[0] && c.arguments[0].type !== 'SpreadElement' ? c.arguments[0] : undefined;
    switch (m.method) {
      case 'addToRolePolicy':
      case 'addToPrincipalPolicy':
      case 'addToPolicy':
      case 'addStatements': {
        const sts = c.arguments.flatMap((a) => (a.type === 'SpreadElement' ? [] : this.statementsIn(a)));
        const policyIds = this.policies.get(target);
        if (m.method === 'addStatements' && policyIds) {
          for (const s of sts) if (!policyIds.includes(s.id)) policyIds.push(s.id);
        }
        const ownerName = this.roles.get(target)?.model.name ?? this.functions.get(target.replace(/\.role$/, ''))?.name ?? target;
        this.attach(target, this.claim(sts, { kind: 'identity', owner: `cdk:${ownerName}` }));
        return;
      }
      case 'addToResourcePolicy': {
        const sts = this.statementsIn(arg0);
        this.claim(sts, { kind: 'resource', owner: `cdk:${target}` });
        return;
      }
      case 'addManagedPolicy': {
        if (!arg0) return;
        const ownerName = this.roles.get(target)?.model.name ?? this.functions.get(target.replace(/\.role$/, ''))?.name ?? target;
        const refs = this.managedPolicy(arg0, `cdk:${ownerName}`);
        this.attach(target, [], refs);
        return;
      }
      case 'attachInlinePolicy': {
        const ids = arg0 ? this.policyIds(arg0) : undefined;
        if (ids) this.attach(target, ids);
        return;
      }
      case 'attachToRole': {
        const ids = this.policies.get(target);
        if (ids && arg0) this.attach(this.targetText(arg0), ids);
        return;
      }
      case 'addEnvironment': {
        const fn = this.functions.get(target);
        const v = c.arguments[1];
        if (!fn || !arg0 || !v || v.type === 'SpreadElement') return;
        const k = unwrap(arg0);
        if (k.type !== 'Literal' || typeof k.value !== 'string') return;
        const value = this.r.value(this.tree.convert(v) ?? this.tree.code(v))!;
        const e = { key: k.value, keyRange: [k.range[0], k.range[1]] as Span, value, path: this.b.path, scope: 'function' as const, owner: fn.name };
        this.b.model.environment.push(e);
        fn.environment = [...fn.environment.filter((x) => x.key !== e.key), e];
        return;
      }
      case 'addFunctionUrl': {
        const fn = this.functions.get(target);
        if (!fn) return;
        const props = arg0 ? this.tree.convert(arg0) : undefined;
        const node: CNode = props ?? { kind: 'scalar', value: null, style: 'plain', range: [c.range[0], c.range[1]] };
        readUrl(this.b, this.r, fn, node, isMap(props) ? get(props, 'authType') : undefined, 'function-url', `${target}.addFunctionUrl (line ${this.line(c)})`, 'AWS_IAM');
        return;
      }
      default:
        this.statementMutation(c, m.method);
    }
  }

  /** `stmt.addActions(...)`, `addResources`, `addAllResources`, `addAnyPrincipal`, ... on a statement variable. */
  private statementMutation(c: Call, method: string): void {
    if (!/^add(Actions|NotActions|Resources|NotResources|AllResources|AnyPrincipal|Principals|Condition)$/.test(method)) return;
    const obj = this.resolve(unwrap((c.callee as TSESTree.MemberExpression).object));
    if (!obj) return;
    const sts = this.statementsIn(obj);
    if (!sts.length) return;
    const at: Span = [c.range[0], c.range[1]];
    const values = (): ModelValue[] => c.arguments.flatMap((a) => (a.type === 'SpreadElement' ? [] : [this.r.value(this.tree.convert(a) ?? this.tree.code(a))!]));
    const append = (st: StatementModel, field: 'actions' | 'notActions' | 'resources' | 'notResources', vs: ModelValue[]) => {
      const list: ValueList = st[field] ?? { keyRange: at, range: at, items: [] };
      list.items.push(...vs);
      st[field] = list;
    };
    for (const st of sts) {
      switch (method) {
        case 'addActions':
          append(st, 'actions', values());
          break;
        case 'addNotActions':
          append(st, 'notActions', values());
          break;
        case 'addResources':
          append(st, 'resources', values());
          break;
        case 'addNotResources':
          append(st, 'notResources', values());
          break;
        case 'addAllResources':
          append(st, 'resources', [syntheticLiteral('*', at)]);
          break;
        case 'addAnyPrincipal':
          st.principals = [...(st.principals ?? []), { type: '*', value: syntheticLiteral('*', at) }];
          break;
        case 'addPrincipals':
          st.principals = [...(st.principals ?? []), ...c.arguments.flatMap((a) => (a.type === 'SpreadElement' ? [] : this.principal(a)))];
          break;
        case 'addCondition': {
          const [k, v] = c.arguments;
          const kv = k && k.type !== 'SpreadElement' ? this.tree.convert(k) : undefined;
          const vv = v && v.type !== 'SpreadElement' ? this.tree.convert(v) : undefined;
          if (kv && vv && kv.kind === 'scalar' && typeof kv.value === 'string' && isMap(vv)) {
            st.conditions = [...(st.conditions ?? []), ...this.b.conditions(this.r, { kind: 'map', pairs: [{ key: { ...kv, tag: undefined }, value: vv, range: at }], flow: true, range: at })];
          }
          break;
        }
        default:
          break;
      }
    }
  }
}

function key(r: readonly [number, number] | Span): string {
  return `${r[0]}:${r[1]}`;
}

const APP_SUBFOLDERS = new Set(['lib', 'bin', 'stacks', 'stack', 'constructs']);

/**
 * The CDK app folder (where cdk.json is, the process's working folder at synth time) a stack file
 * sits in: relative asset paths are resolved against it. Taken to be the stack's folder, or its parent
 * when the stack sits in `lib/`, `bin/`, `stacks/` or `constructs/` (the `cdk init` layout).
 */
function appRoot(dir: string): string {
  const name = dir.split('/').pop() ?? '';
  return APP_SUBFOLDERS.has(name) ? dirname(dir) : dir;
}
