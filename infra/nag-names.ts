import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag prints a token inside a finding id (e.g. `AwsSolutions-IAM5[Resource::<name>/prefix/*]`):
 * an imported value as its export name, an attribute of a resource of the same stack as
 * `<LogicalId.Attribute>`. Acknowledgements must quote the finding exactly, so they are built with this.
 */
export function nagName(scope: IConstruct, token: string): string {
  const resolved = Stack.of(scope).resolve(token) as unknown;
  if (typeof resolved === 'string') return resolved;
  const value = resolved as Record<string, unknown>;
  if (typeof value['Fn::ImportValue'] === 'string') return value['Fn::ImportValue'];
  const getAtt = value['Fn::GetAtt'] as [string, string] | undefined;
  if (getAtt) return `<${getAtt[0]}.${getAtt[1]}>`;
  if (typeof value.Ref === 'string') return `<${value.Ref}>`;
  // An ARN built with formatArn: its parts joined, pseudo parameters as `<AWS::Region>` and the like.
  const join = value['Fn::Join'] as [string, unknown[]] | undefined;
  if (join)
    return join[1]
      .map((part) => (typeof part === 'string' ? part : nagName(scope, part as string)))
      .join(join[0]);
  throw new Error(`Cannot name token ${JSON.stringify(resolved)} for cdk-nag`);
}
