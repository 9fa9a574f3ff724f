import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler as submitApplication } from '#functions/applications/submit-application.ts';
import { DynamoApplicationRepository } from '#shared/adapters/dynamodb/application-repository.ts';
import {
  DynamoPaymentRepository,
  DynamoTariffRepository,
} from '#shared/adapters/dynamodb/payment-repository.ts';
import type { Application, DocumentVersion } from '#shared/domain/applications/application.ts';
import { lotissementTax } from '#shared/domain/payments/fees.ts';
import { CASABLANCA_TARIFF_2026 } from '#shared/domain/payments/tariffs.ts';
import { buildPaymentOrder } from '#shared/domain/payments/use-cases.ts';
import { getProcedure, requiredDocuments } from '#shared/domain/procedures/rules.ts';
import { testCloud } from '../support/cloud.ts';
import { httpEvent, lambdaContext } from '../support/events.ts';
import {
  buildingPermit,
  documentClientFor,
  givenLiveCommune,
  givenProfessional,
} from '../support/fixtures.ts';

const cloud = testCloud();
const db = documentClientFor(cloud);
const table = cloud.outputs.tableName;
const applications = new DynamoApplicationRepository(db, table);
const payments = new DynamoPaymentRepository(db, table);

/**
 * Nothing left uncollected (issue 16): the lotissement tax is billed in two shares, the first with
 * the authorisation and the balance when the conformity certificate is requested. Submitting the
 * conformity request through its handler opens the permit's `conformity` order.
 */
describe('a conformity request bills the lotissement balance', () => {
  it('opens the balance order once, and the two shares add up to the whole tax', async () => {
    await givenLiveCommune(cloud, 'cas-casablanca', 'MA-CAS', 'MA-06');
    const tariff = { ...CASABLANCA_TARIFF_2026, communeId: 'cas-casablanca', effectiveFrom: '2020-01-01' };
    await new DynamoTariffRepository(db, table).put(tariff, 'test', new Date().toISOString());
    const { professional, claims } = await givenProfessional(cloud);
    const at = new Date().toISOString();
    const worksCostCentimes = 987_654_321;

    // An issued lotissement permit whose authorisation order billed the first share.
    const permit = {
      ...buildingPermit(),
      procedureCode: 'LOTISSEMENT',
      id: `app-${randomUUID()}`,
      status: 'ISSUED',
      catalogueVersion: 'test',
      provinceId: 'MA-CAS',
      regionId: 'MA-06',
      professionalId: professional.id,
      size: 'large',
      documents: {},
      followers: [],
      version: 1,
      createdAt: at,
      updatedAt: at,
      project: { description: 'Lotissement de 40 lots', worksCostCentimes, lots: 40, areaM2: 30_000 },
    } as unknown as Application;
    await applications.create(permit, {
      applicationId: permit.id,
      type: 'APPLICATION_CREATED',
      at,
      actor: professional.id,
      details: {},
    });
    const authorisation = buildPaymentOrder(permit, tariff, at);
    expect(await payments.createOrder(authorisation)).toBe(true);

    // The conformity request that follows it, complete, submitted through the handler.
    const procedure = getProcedure('CONFORMITY_CERTIFICATE');
    const documents: Record<string, DocumentVersion> = {};
    for (const requirement of requiredDocuments(procedure, 'small')) {
      documents[requirement.code] = {
        code: requirement.code,
        version: 1,
        key: `applications/fixture/${requirement.code}/x`,
        sha256: 'a'.repeat(64),
        sizeBytes: 1000,
        contentType: 'application/pdf',
        uploadedAt: at,
        uploadedBy: professional.id,
      };
    }
    const request = {
      ...buildingPermit(),
      procedureCode: 'CONFORMITY_CERTIFICATE',
      project: { description: 'Fin des travaux du lotissement', floorAreaM2: 220 },
      followsPermit: {
        number: `RK-CAS-CASABLANCA-2026-${Date.now() % 100_000}`,
        applicationId: permit.id,
        procedureCode: 'LOTISSEMENT',
        issuedAt: at,
        conditions: [],
        parcel: permit.parcel,
      },
      id: `app-${randomUUID()}`,
      status: 'DRAFT',
      catalogueVersion: 'test',
      provinceId: 'MA-CAS',
      regionId: 'MA-06',
      professionalId: professional.id,
      size: 'small',
      documents,
      followers: [],
      version: 1,
      createdAt: at,
      updatedAt: at,
    } as unknown as Application;
    await applications.create(request, {
      applicationId: request.id,
      type: 'APPLICATION_CREATED',
      at,
      actor: professional.id,
      details: {},
    });
    const submitted = (await submitApplication(
      httpEvent({
        method: 'POST',
        path: `/applications/${request.id}/submission`,
        pathParameters: { applicationId: request.id },
        claims,
        headers: { 'idempotency-key': randomUUID() },
      }),
      { ...lambdaContext('submitApplication'), getRemainingTimeInMillis: () => 60_000 },
    )) as { statusCode: number; body: string };
    expect(submitted.statusCode, submitted.body).toBe(200);

    const balance = await payments.order(permit.id, 'conformity');
    const split = lotissementTax(worksCostCentimes, tariff);
    expect(balance?.lines.map((l) => [l.code, l.amountCentimes])).toEqual([
      ['LOTISSEMENT_TAX_CONFORMITY', split.conformityCentimes],
    ]);
    const first = authorisation.lines.find((l) => l.code === 'LOTISSEMENT_TAX_AUTHORISATION');
    expect((first?.amountCentimes ?? 0) + (balance?.dueCentimes ?? 0)).toBe(split.totalCentimes);
  }, 120_000);
});
