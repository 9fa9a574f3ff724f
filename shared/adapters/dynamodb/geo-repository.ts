import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type Commune, nameSortKey, type Province, type Region } from '../../domain/geo/geo.ts';
import type { GeoRepository } from '../../domain/geo/ports.ts';
import { keys, partitions } from './keys.ts';
import { TableRepository } from './table-repository.ts';

const regionItem = (r: Region) => ({ ...keys.region(r.id), entity: 'Region', ...r });
const provinceItem = (p: Province) => ({ ...keys.province(p.id, p.regionId), entity: 'Province', ...p });
const communeItem = (c: Commune) => ({
  ...keys.commune(c.id, c.provinceId, nameSortKey(c.nameFr)),
  entity: 'Commune',
  ...c,
});

/** DynamoDB adapter of GeoRepository over the single table. */
export class DynamoGeoRepository extends TableRepository implements GeoRepository {
  /** Whether the reference-data seed ran (its marker item exists): the health check reads it. */
  async referenceDataLoaded(): Promise<boolean> {
    return (await this.get(keys.seedMarker('reference'))) !== undefined;
  }

  listRegions(): Promise<Region[]> {
    return this.queryGsi1<Region>(partitions.regions);
  }

  async getRegion(id: string): Promise<Region | undefined> {
    return this.get<Region>(keys.region(id));
  }

  listProvinces(regionId: string): Promise<Province[]> {
    return this.queryGsi1<Province>(partitions.provincesOfRegion(regionId));
  }

  getProvince(id: string): Promise<Province | undefined> {
    return this.get<Province>(keys.provinceKey(id));
  }

  listCommunes(provinceId: string): Promise<Commune[]> {
    return this.queryGsi1<Commune>(partitions.communesOfProvince(provinceId));
  }

  getCommune(id: string): Promise<Commune | undefined> {
    return this.get<Commune>(keys.communeKey(id));
  }

  async putCommune(commune: Commune): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: communeItem(commune) }));
  }

  /**
   * Writes reference data in transactions of at most 100 items: each chunk lands whole or not at all,
   * and items are keyed by their natural id, so re-running after a failure converges without duplicates.
   */
  async putReferenceData(
    data: { regions?: Region[]; provinces?: Province[]; communes?: Commune[] },
    onProgress?: (written: number, total: number) => void,
  ): Promise<number> {
    const items = [
      ...(data.regions ?? []).map(regionItem),
      ...(data.provinces ?? []).map(provinceItem),
      ...(data.communes ?? []).map(communeItem),
    ];
    for (let i = 0; i < items.length; i += 100) {
      const chunk = items.slice(i, i + 100);
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: chunk.map((Item) => ({ Put: { TableName: this.table, Item } })),
        }),
      );
      onProgress?.(i + chunk.length, items.length);
    }
    return items.length;
  }

  private async get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    return this.getItem<T>({ pk: key.pk, sk: key.sk });
  }

  private queryGsi1<T>(partition: string): Promise<T[]> {
    return this.queryAll<T>({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
    });
  }
}
