// The HTTP API: every route needs a Cognito ID token unless it is added as public with a stated reason.
import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpNoneAuthorizer, HttpRoute, type HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface SurakshaHttpApiProps {
  readonly userPool: IUserPool;
  /** The authorizer accepts only ID tokens issued to these clients (the JWT audience). */
  readonly userPoolClients: IUserPoolClient[];
}

/** A route is private by default; a public one must say why, and that reason becomes its cdk-nag acknowledgement. */
export type RouteAccess = { readonly public?: false } | { readonly public: true; readonly reason: string };

// Metadata only: a request or response body could carry a child's name, so none is logged.
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  integrationErrorMessage: '$context.integrationErrorMessage',
};

export class SurakshaHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  private readonly integrations = new Map<IFunction, HttpLambdaIntegration>();

  constructor(scope: Construct, id: string, props: SurakshaHttpApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      description: 'Suraksha: community child protection',
      defaultAuthorizer: new HttpUserPoolAuthorizer('CognitoAuthorizer', props.userPool, {
        userPoolClients: props.userPoolClients,
        identitySource: ['$request.header.Authorization'],
      }),
      createDefaultStage: false, // the built-in default stage takes neither access logs nor throttling
    });

    // Who called which route when: kept 400 days, as the audit records are (the Rules ask for a year at least).
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THIRTEEN_MONTHS });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      throttle: { burstLimit: 100, rateLimit: 50 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  get url(): string {
    return this.stage.url;
  }

  /** The URL without a trailing slash, to build links on (`${baseUrl}/a/<token>`); the `$default` stage serves at the root. */
  get baseUrl(): string {
    return this.api.apiEndpoint;
  }

  /** Adds `HttpRouteKey.with(path, method)` or `HttpRouteKey.DEFAULT` (whatever no other route matches). */
  addRoute(routeKey: HttpRouteKey, handler: IFunction, access: RouteAccess = {}): HttpRoute {
    const route = new HttpRoute(this.api, routeKey.key, {
      httpApi: this.api,
      routeKey,
      integration: this.integrationOf(handler),
      authorizer: access.public ? new HttpNoneAuthorizer() : this.api.defaultAuthorizer,
    });
    if (access.public) Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: access.reason });
    return route;
  }

  // One integration per function, shared by all its routes; each route still gets its own invoke permission.
  private integrationOf(handler: IFunction): HttpLambdaIntegration {
    let integration = this.integrations.get(handler);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${handler.node.id}Integration`, handler);
      this.integrations.set(handler, integration);
    }
    return integration;
  }
}
