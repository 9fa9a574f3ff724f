import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

/** Which seeds have run (`SEED#<name>` items): the health check reads this alone, not the geo repository. */
export class DynamoSeedMarkers extends TableRepository {
  async loaded(name: string): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.seedMarker(name), ProjectionExpression: 'pk' }),
    );
    return Item !== undefined;
  }
}
