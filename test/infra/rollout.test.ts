import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes as allRoutes } from '#functions/routes.ts';
import { partitions } from '#shared/adapters/dynamodb/keys.ts';
import { buildApp } from '../../infra/app.ts';
import { mergedTemplate, newApp } from '../support/infra.ts';

const routes = allRoutes.filter((route) => !route.stages || route.stages.includes('prod'));
const { api, routeStacks } = buildApp(newApp('prod', mkdtempSync(path.join(tmpdir(), 'rukhsa-rollout-'))));
const template = mergedTemplate([api, ...routeStacks]);
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
const policies = Object.entries(template.findResources('AWS::IAM::Policy'));
const statementsOf = (prefix: string) =>
  policies
    .filter(([id]) => id.startsWith(`${prefix}Role`))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
const envOf = (prefix: string) =>
  functions.find(([id]) => id.startsWith(`${prefix}Fn`))?.[1].Properties.Environment.Variables as Record<
    string,
    unknown
  >;

describe('rollout infrastructure', () => {
  it('lets every authenticated route read access markers only (GetItem, leading key: the access-marker partitions), and public routes not', () => {
    for (const route of routes) {
      // The access check's statements (the PIN routes' secrets-table grant, under the PIN partitions, is in security.test.ts).
      const check = statementsOf(route.operationId).filter(
        (s) =>
          JSON.stringify(s.Condition ?? {}).includes('dynamodb:LeadingKeys') &&
          !JSON.stringify(s.Condition).includes(partitions.pinPattern),
      );
      if (route.access === 'public') {
        expect(check, route.operationId).toEqual([]);
        expect(envOf(route.operationId)?.ACCESS_TABLE, route.operationId).toBeUndefined();
        continue;
      }
      const onMarkers = (action: string | string[]) =>
        expect.objectContaining({
          Action: action,
          Condition: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [partitions.accessMarkerPattern] },
          },
        });
      // Only the owner ending their sessions writes a marker (its revokedAt), and nothing else.
      expect(check, route.operationId).toEqual(
        route.operationId === 'endMySessions'
          ? [onMarkers(['dynamodb:GetItem', 'dynamodb:UpdateItem'])]
          : [onMarkers('dynamodb:GetItem')],
      );
      expect(envOf(route.operationId)?.ACCESS_TABLE, route.operationId).toBeDefined();
    }
    const endSessions = statementsOf('endMySessions').filter((s) =>
      JSON.stringify(s.Action).includes('dynamodb:'),
    );
    expect(endSessions.map((s) => s.Action)).toEqual([['dynamodb:GetItem', 'dynamodb:UpdateItem']]);
    // A route with no table need gets nothing else on the table.
    const me = statementsOf('getMe').filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(me).toHaveLength(1);
  });

  it('gives staff-administration Cognito rights only to the account-changing routes (and key issuance, which creates signatory accounts)', () => {
    const staffAdmin = ['cognito-idp:AdminUserGlobalSignOut', 'cognito-idp:AdminEnableUser'];
    const holders = policies
      .filter(([, p]) => staffAdmin.some((a) => JSON.stringify(p.Properties.PolicyDocument).includes(a)))
      .map(([id]) => id.replace(/Role.*$/, ''))
      .sort();
    expect(holders).toEqual([
      // Enables the account of a business, or of a professional, whose e-mail code came back (AdminEnableUser only).
      'confirmBusinessEmail',
      'confirmProfessionalEmail',
      'createStaff',
      // Signs out the replaced contact everywhere.
      'designateProvinceContact',
      'issueSigningKeys',
      'reactivateStaff',
      'suspendStaff',
      'updateStaff',
    ]);
    const confirm = JSON.stringify(
      [...statementsOf('confirmProfessionalEmail'), ...statementsOf('confirmBusinessEmail')].filter((s) =>
        JSON.stringify(s.Action).includes('cognito'),
      ),
    );
    expect(confirm).not.toMatch(/GlobalSignOut|AdminCreateUser|AdminDisableUser|AddUserToGroup/);
    for (const statement of statementsOf('suspendStaff').filter((s) =>
      JSON.stringify(s.Action).includes('cognito'),
    )) {
      expect(JSON.stringify(statement.Resource)).toContain('UserPool');
      expect(JSON.stringify(statement.Resource)).not.toContain('*');
    }
  });

  it('counts applications from the stream: submission and decision events only, retries, dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'LATEST',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: {
                NewImage: {
                  entity: { S: ['Event'] },
                  type: {
                    S: [
                      'APPLICATION_SUBMITTED',
                      'APPLICATION_APPROVED',
                      'APPLICATION_REJECTED',
                      'APPLICATION_TACITLY_APPROVED',
                    ],
                  },
                },
              },
            }),
          },
        ],
      },
    });
    const counter = statementsOf('StatsCounterFunction');
    expect(JSON.stringify(counter)).not.toMatch(/ses:|sns:|cognito-idp:/);
  });

  it('keeps GET /stats public and read-only', () => {
    const route = routes.find((r) => r.operationId === 'getPublicStats');
    expect(route?.access).toBe('public');
    expect(JSON.stringify(statementsOf('getPublicStats'))).not.toMatch(/PutItem|UpdateItem|DeleteItem/);
  });
});
