// The local runtime's environment defaults, imported first by every local command (a side-effect
// import, so the import sorter keeps it first): the SDK reads them when it loads, the Powertools
// metrics on their first count.

// Local Node is 20 while Lambdas run 24: the SDK's advice to upgrade is noise on every local run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// EMF metric lines are for CloudWatch; on a developer's console they only hide the SMS lines.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
