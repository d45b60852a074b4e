import { normalizePath, stripCodeExtension, dirname } from '../paths';
import { SourceFile } from '../source';
import { isModelled, modelOfFile } from './file-model';
import { handlerFactsOf, sameFacts } from './handler';
import type { EnvEntry, FileModel, FunctionModel, HandlerFacts, ModelProblem, StatementModel } from './types';

/**
 * What the engine knows about the workspace beyond one file: the model of every configuration (and
 * CDK stack), the functions they deploy and the statements that apply to them, so a handler file can
 * be linked to what deploys it. Front ends feed it (`update`/`remove`) as files open, change or are
 * found on disk; it updates one file at a time: a configuration edit re-reads that configuration, a
 * handler edit refreshes only that handler's facts.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, { model: FileModel; file: SourceFile }>();
  private readonly handlers = new Map<string, { facts: HandlerFacts; file: SourceFile }>();
  /** handler file base (no extension) -> functions deployed from it */
  private byHandler = new Map<string, FunctionModel[]>();
  private statementsById = new Map<string, StatementModel>();
  private functionsById = new Map<string, FunctionModel>();
  private generation = 0;
  /** The lookup tables are rebuilt on the first query after a change, not on every update (a scan adds thousands). */
  private dirty = false;

  /** Incremented on every change of the model; callers can tell whether what they computed is still current. */
  get version(): number {
    return this.generation;
  }

  /**
   * Adds or refreshes a file: a configuration or CDK stack is (re)modelled; a code file that some
   * function uses as its handler gets its facts refreshed (the version changes only when its exports
   * or the environment variables it reads change); any other file is dropped from the index.
   */
  update(fileOrPath: SourceFile | string, text?: string): FileModel | undefined {
    const file = typeof fileOrPath === 'string' ? SourceFile.create(fileOrPath, text ?? '') : fileOrPath;
    if (isModelled(file)) {
      const prev = this.files.get(file.path);
      if (prev && prev.file.text === file.text) return prev.model;
      const model = modelOfFile(file)!;
      this.files.set(file.path, { model, file });
      this.invalidate();
      return model;
    }
    if (this.files.has(file.path)) this.remove(file.path);
    if (file.classification.role === 'code' && this.isHandlerPath(file.path)) {
      const facts = handlerFactsOf(file);
      const prev = this.handlers.get(file.path);
      if (facts) this.handlers.set(file.path, { facts, file });
      else this.handlers.delete(file.path);
      if (!sameFacts(prev?.facts, facts)) this.generation++;
    } else if (this.handlers.delete(file.path)) {
      this.generation++;
    }
    return undefined;
  }

  remove(path: string): void {
    const p = normalizePath(path);
    if (this.files.delete(p)) this.invalidate();
    if (this.handlers.delete(p)) this.generation++;
  }

  /** True for an indexed configuration or CDK stack, and for a code file some function uses as its handler. */
  has(path: string): boolean {
    this.ensure();
    const p = normalizePath(path);
    return this.files.has(p) || this.handlers.has(p) || this.isHandlerPath(p);
  }

  /** The current text of an indexed configuration or CDK stack (what cross-file edits are computed against). */
  configFile(path: string): SourceFile | undefined {
    return this.files.get(normalizePath(path))?.file;
  }

  /** The model of every indexed configuration and CDK stack, by path. */
  allConfigs(): FileModel[] {
    return [...this.files.values()].map((c) => c.model).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** The model of one indexed file. */
  model(path: string): FileModel | undefined {
    return this.files.get(normalizePath(path))?.model;
  }

  /** The functions whose handler is this code file. */
  functionsForHandler(codePath: string): FunctionModel[] {
    this.ensure();
    return this.byHandler.get(stripCodeExtension(normalizePath(codePath))) ?? [];
  }

  /** Every function of every indexed file. */
  allFunctions(): FunctionModel[] {
    this.ensure();
    return [...this.functionsById.values()];
  }

  function(id: string): FunctionModel | undefined {
    this.ensure();
    return this.functionsById.get(id);
  }

  statement(id: string): StatementModel | undefined {
    this.ensure();
    return this.statementsById.get(id);
  }

  /** The statements that apply to a function (identity, trust, and its resource policy). */
  statementsForFunction(fn: FunctionModel | string): StatementModel[] {
    this.ensure();
    const f = typeof fn === 'string' ? this.functionsById.get(fn) : fn;
    return (f?.statements ?? []).map((id) => this.statementsById.get(id)).filter((s): s is StatementModel => !!s);
  }

  /** The functions a statement applies to. */
  functionsForStatement(statement: StatementModel | string): FunctionModel[] {
    const id = typeof statement === 'string' ? statement : statement.id;
    const path = id.slice(0, id.lastIndexOf('#'));
    const model = this.files.get(path)?.model;
    if (!model) return [];
    return model.links.filter((l) => l.statement === id).map((l) => this.functionsById.get(l.function)).filter((f): f is FunctionModel => !!f);
  }

  /** The current text of a handler file the index was given (what least-privilege fixes read). */
  handlerFile(codePath: string): SourceFile | undefined {
    this.ensure();
    return this.handlers.get(normalizePath(codePath))?.file;
  }

  /** The facts of a handler file the index was given. */
  handlerFacts(codePath: string): HandlerFacts | undefined {
    this.ensure();
    return this.handlers.get(normalizePath(codePath))?.facts;
  }

  /**
   * Azure: the app settings (`local.settings.json` Values and ConnectionStrings) of the function app
   * a path belongs to (the nearest folder above it holding a local.settings.json).
   */
  azureSettingsFor(path: string): EnvEntry[] {
    let dir = dirname(normalizePath(path));
    for (let i = 0; i < 20; i++) {
      const m = this.files.get(dir === '/' ? '/local.settings.json' : `${dir}/local.settings.json`)?.model;
      if (m) return m.environment;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    return [];
  }

  /** Every problem of every indexed file. */
  problems(): ModelProblem[] {
    return this.allConfigs().flatMap((m) => m.problems);
  }

  private isHandlerPath(path: string): boolean {
    this.ensure();
    return this.byHandler.has(stripCodeExtension(path));
  }

  private invalidate(): void {
    this.generation++;
    this.dirty = true;
  }

  private ensure(): void {
    if (this.dirty) this.rebuild();
  }

  private rebuild(): void {
    this.dirty = false;
    const byHandler = new Map<string, FunctionModel[]>();
    const statements = new Map<string, StatementModel>();
    const functions = new Map<string, FunctionModel>();
    for (const { model } of this.files.values()) {
      for (const s of model.statements) statements.set(s.id, s);
      for (const fn of model.functions) {
        functions.set(fn.id, fn);
        if (!fn.handler) continue;
        for (const base of [fn.handler.fileBase, ...(fn.handler.alternateFileBases ?? [])]) {
          const list = byHandler.get(base) ?? [];
          list.push(fn);
          byHandler.set(base, list);
        }
      }
    }
    this.byHandler = byHandler;
    this.statementsById = statements;
    this.functionsById = functions;
    // Handler facts of files that no function uses any more are dropped.
    for (const p of [...this.handlers.keys()]) if (!byHandler.has(stripCodeExtension(p))) this.handlers.delete(p);
  }
}

