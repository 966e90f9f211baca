// Templates read together: the files of one `lint` run (a cdk.out), or the
// templates of one synth with their nested stacks. A value one template takes
// from another is followed to where it is written, as CloudFormation passes it:
//   - Fn::ImportValue of an export name -> the Output whose Export.Name is that name
//     (CDK's cross-stack references are exactly this);
//   - in a nested stack, a Ref to one of its Parameters -> the value its parent
//     passes in the AWS::CloudFormation::Stack resource's Parameters;
//   - in a parent, Fn::GetAtt [NestedStackResource, "Outputs.X"] -> the nested
//     template's Output X.
// A nested stack resource names its template by the Metadata "aws:asset:path"
// (the CDK CLI writes it; plain app.synth() does not unless the context
// aws:cdk:enable-asset-metadata is set), or by links the caller knows (the
// construct tree). Following is bounded in hops and endpoints and cut at cycles.
import { canonical, resolve } from './intrinsics';
import { CloudFormationTemplate, isObject } from './template';

/** A nested stack: the parent template's AWS::CloudFormation::Stack resource and the template it deploys. */
export interface NestedLink {
  readonly parent: string;
  readonly resource: string;
  readonly child: string;
}

/** A value as written in one template of the set. */
export interface Located {
  readonly template: string;
  readonly value: unknown;
}

/** At most this many references are followed from one value (a chain of nested stacks and exports). */
export const MAX_HOPS = 16;
/** At most this many places a value may come from (a nested template deployed by several parents). */
const MAX_ENDPOINTS = 16;

export class TemplateSet {
  /** One template alone, named "". */
  public static of(template: CloudFormationTemplate): TemplateSet {
    return new TemplateSet([['', template]]);
  }

  private readonly templates = new Map<string, CloudFormationTemplate>();
  /** Names with "/" for "\\", to find a nested template whatever separator its parent's name uses. */
  private readonly byPath = new Map<string, string>();
  /** Export name -> where the exported value is written. */
  private readonly exported = new Map<string, Located[]>();
  /** "parent\0resource" -> the child template. */
  private readonly children = new Map<string, string>();
  /** "parent\0resource" -> the template file a nested stack resource names, when no template read is that file. */
  private readonly named = new Map<string, string | undefined>();
  /** child -> the parents' stack resources that deploy it. */
  private readonly parents = new Map<string, Array<{ parent: string; resource: string }>>();

  /**
   * @param entries the templates by name (a file path as printed, or a template file name)
   * @param links nested stacks the caller knows (from the construct tree); links from "aws:asset:path" metadata are added
   * @param assetFiles a cdk.out's file assets (from its *.assets.json): asset hash -> template name, for nested
   *   stack resources without that metadata, whose TemplateURL ends with "<hash>.json"
   */
  constructor(entries: ReadonlyArray<readonly [string, CloudFormationTemplate]>, links: readonly NestedLink[] = [],
    assetFiles: ReadonlyMap<string, string> = new Map()) {
    for (const [name, t] of entries) {
      this.templates.set(name, t);
      this.byPath.set(normalPath(name), name);
    }
    for (const [name, t] of entries) {
      for (const [, output] of Object.entries(t.section('Outputs'))) {
        if (!isObject(output) || !isObject(output.Export)) continue;
        const exportName = resolve(t, output.Export.Name, []).value;
        if (typeof exportName !== 'string') continue;
        const list = this.exported.get(exportName) ?? [];
        list.push({ template: name, value: output.Value });
        this.exported.set(exportName, list);
      }
      for (const [id, r] of t.resourcesOfType('AWS::CloudFormation::Stack')) {
        const assetPath = isObject(r.Metadata) ? r.Metadata['aws:asset:path'] : undefined;
        let child = typeof assetPath === 'string' ? this.sibling(name, assetPath) : undefined;
        // Without the metadata: the asset hash at the end of the TemplateURL, in a cdk.out's asset manifest.
        const hash = /([0-9a-f]{64})\.json\b/.exec(canonical(isObject(r.Properties) ? r.Properties.TemplateURL : undefined))?.[1];
        const listed = hash === undefined ? undefined : assetFiles.get(hash);
        if (child === undefined && listed !== undefined) child = this.byPath.get(normalPath(listed));
        if (child !== undefined) this.link({ parent: name, resource: id, child });
        else this.named.set(`${name}\u0000${id}`, typeof assetPath === 'string' ? assetPath : listed);
      }
    }
    for (const l of links) if (this.templates.has(l.parent) && this.templates.has(l.child)) this.link(l);
  }

  public get names(): string[] {
    return [...this.templates.keys()];
  }

  public template(name: string): CloudFormationTemplate | undefined {
    return this.templates.get(name);
  }

  /** The template a nested stack resource deploys, when the set knows it. */
  public childOf(parent: string, resource: string): string | undefined {
    return this.children.get(`${parent}\u0000${resource}`);
  }

  /** A template's nested stack resources whose templates the set does not hold, with the file each names (if any). */
  public unreadChildren(parent: string): Array<{ resource: string; file: string | undefined }> {
    const t = this.templates.get(parent);
    if (!t) return [];
    return t.resourcesOfType('AWS::CloudFormation::Stack').map(([id]) => id)
      .filter(id => !this.children.has(`${parent}\u0000${id}`))
      .map(id => ({ resource: id, file: this.named.get(`${parent}\u0000${id}`) }));
  }

  /** The nested stack resources that deploy a template. */
  public parentsOf(child: string): ReadonlyArray<{ parent: string; resource: string }> {
    return this.parents.get(child) ?? [];
  }

  /**
   * Where a value written in template `name` comes from: each place it is
   * written after following the cross-template references above; the value
   * itself when it is not one, or when the set does not hold the other side.
   */
  public follow(name: string, value: unknown): Located[] {
    const out: Located[] = [];
    const seen = new Set<string>();
    const queue: Array<Located & { hops: number }> = [{ template: name, value, hops: 0 }];
    while (queue.length > 0 && out.length < MAX_ENDPOINTS) {
      const here = queue.shift()!;
      const key = `${here.template}\u0000${canonical(here.value)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const next = here.hops < MAX_HOPS ? this.step(here.template, here.value) : [];
      if (next.length === 0) out.push({ template: here.template, value: here.value });
      else for (const n of next) queue.push({ ...n, hops: here.hops + 1 });
    }
    return out;
  }

  /** One reference followed: where the value is written in another template (or another place of a template), or [] when it is not a reference the set can follow. */
  public step(name: string, v: unknown): Located[] {
    const t = this.templates.get(name);
    if (!t || !isObject(v) || Object.keys(v).length !== 1) return [];
    if ('Fn::ImportValue' in v) {
      const exportName = resolve(t, v['Fn::ImportValue'], []).value;
      return typeof exportName === 'string' ? this.exported.get(exportName) ?? [] : [];
    }
    if (typeof v.Ref === 'string') {
      const parameter = v.Ref;
      if (!Object.prototype.hasOwnProperty.call(t.section('Parameters'), parameter)) return [];
      return this.parentsOf(name).flatMap(({ parent, resource }) => {
        const props = this.templates.get(parent)?.resource(resource)?.Properties;
        const passed = isObject(props) && isObject(props.Parameters) ? props.Parameters : {};
        return Object.prototype.hasOwnProperty.call(passed, parameter) ? [{ template: parent, value: passed[parameter] }] : [];
      });
    }
    const getAtt = v['Fn::GetAtt'];
    const [resource, attribute] = Array.isArray(getAtt) ? getAtt : typeof getAtt === 'string' ? [getAtt.slice(0, getAtt.indexOf('.')), getAtt.slice(getAtt.indexOf('.') + 1)] : [];
    if (typeof resource !== 'string' || typeof attribute !== 'string' || !attribute.startsWith('Outputs.')) return [];
    const child = this.childOf(name, resource);
    const outputs = child === undefined ? {} : this.templates.get(child)!.section('Outputs');
    const output = outputs[attribute.slice('Outputs.'.length)];
    return child !== undefined && isObject(output) && Object.prototype.hasOwnProperty.call(output, 'Value') ? [{ template: child, value: output.Value }] : [];
  }

  private link(l: NestedLink): void {
    const k = `${l.parent}\u0000${l.resource}`;
    if (this.children.has(k)) return;
    this.children.set(k, l.child);
    const list = this.parents.get(l.child) ?? [];
    list.push({ parent: l.parent, resource: l.resource });
    this.parents.set(l.child, list);
  }

  /** The template named by an "aws:asset:path" beside `name` (a file name in the same folder of a cdk.out), if the set holds it. */
  private sibling(name: string, assetPath: string): string | undefined {
    if (assetPath === '' || /(^|[\\/])\.\.([\\/]|$)|^[\\/]|^[a-z]:/i.test(assetPath)) return undefined;
    const cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return this.byPath.get(normalPath(name.slice(0, cut + 1) + assetPath));
  }
}

/** A path compared whatever its separators and "." segments: "./out\\a.json" is "out/a.json". */
function normalPath(p: string): string {
  return p.split('\\').join('/').split('/').filter((seg, i) => seg !== '.' && (seg !== '' || i === 0)).join('/');
}
