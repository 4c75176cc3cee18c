// The HTTP API: every route needs a Cognito ID token unless it is added as public with a stated reason.
import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SurakshaFunction } from './suraksha-function.js';

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

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      throttle: { burstLimit: 100, rateLimit: 50 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const health = new SurakshaFunction(this, 'Health', { entry: 'functions/http/health.ts' });
    this.addRoute(HttpMethod.GET, '/health', health, {
      public: true,
      reason: 'Liveness probe for uptime monitors, which hold no Cognito token; it returns a constant and reads no data.',
    });
  }

  get url(): string {
    return this.stage.url;
  }

  addRoute(method: HttpMethod, path: string, handler: IFunction, access: RouteAccess = {}): HttpRoute[] {
    const routes = this.api.addRoutes({
      path,
      methods: [method],
      integration: new HttpLambdaIntegration(`${method}${path}`, handler),
      authorizer: access.public ? new HttpNoneAuthorizer() : undefined,
    });
    if (access.public) {
      for (const route of routes) Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: access.reason });
    }
    return routes;
  }
}
