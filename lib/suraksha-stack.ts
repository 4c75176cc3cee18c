// Composes the Suraksha constructs into one stack per stage.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ApiRoutes } from './api-routes.js';
import { CursorSecret } from './cursor-secret.js';
import { DataTable } from './data-table.js';
import { SurakshaHttpApi } from './http-api.js';
import type { Settings } from './settings.js';
import { UserDirectory } from './user-directory.js';

/** The stack for one stage, named and placed as the settings say; bin/app.ts and the tests share it. */
export function createSurakshaStack(scope: Construct, settings: Settings): SurakshaStack {
  return new SurakshaStack(scope, `Suraksha-${settings.stage}`, {
    settings,
    env: { account: settings.account, region: settings.region },
    description: `Suraksha community child protection backend (${settings.stage})`,
  });
}

export interface SurakshaStackProps extends StackProps {
  readonly settings: Settings;
}

export class SurakshaStack extends Stack {
  readonly data: DataTable;
  readonly users: UserDirectory;
  readonly httpApi: SurakshaHttpApi;
  readonly apiRoutes: ApiRoutes;

  constructor(scope: Construct, id: string, props: SurakshaStackProps) {
    super(scope, id, props);
    const protectData = props.settings.stage === 'prod';

    this.data = new DataTable(this, 'Data', { protectData });
    this.users = new UserDirectory(this, 'Users', { protectData });
    this.httpApi = new SurakshaHttpApi(this, 'Http', {
      userPool: this.users.userPool,
      userPoolClients: [this.users.appClient],
    });
    this.apiRoutes = new ApiRoutes(this, 'Routes', {
      httpApi: this.httpApi,
      table: this.data.table,
      cursorSecret: new CursorSecret(this, 'CursorSecret'),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.users.appClient.userPoolClientId });
  }
}
