import type { Commune, Province, Region } from './geo.ts';

/** What the geo use cases need from storage; the DynamoDB adapter implements it. */
export interface GeoRepository {
  listRegions(): Promise<Region[]>;
  getRegion(id: string): Promise<Region | undefined>;
  listProvinces(regionId: string): Promise<Province[]>;
  getProvince(id: string): Promise<Province | undefined>;
  listCommunes(provinceId: string): Promise<Commune[]>;
  getCommune(id: string): Promise<Commune | undefined>;
  putCommune(commune: Commune): Promise<void>;
}
