// Log Analytics destination for AiObsStream: the four custom tables (metrics, raw alerts, incidents, actions), a data
// collection endpoint, a data collection rule whose stream declarations match the rows the engine writes
// (src/AiObsStream.Formats/Output/MetricRowJson.cs, AlertJson.cs and IncidentJson.cs, src/AiObsStream.Pipeline/Actions/ActionJson.cs; tests check the column lists
// against the serializers), and the role the engine's identity needs.
//   az deployment group create -g <rg> -f deploy/loganalytics/main.bicep -p workspaceName=<ws> principalId=<objectId>
// Outputs: the ingestion endpoint and the DCR immutable id for `aiobs run --log-analytics <endpoint> --dcr <id>`.

@description('Existing Log Analytics workspace name (same resource group).')
param workspaceName string

@description('Object id of the identity that runs aiobs (managed identity or service principal).')
param principalId string

param location string = resourceGroup().location
param namePrefix string = 'aiobs'

var metricsColumns = [
  { name: 'TimeGenerated', type: 'datetime' }
  { name: 'WindowStart', type: 'datetime' }
  { name: 'WindowEnd', type: 'datetime' }
  { name: 'Metric', type: 'string' }
  { name: 'Source', type: 'string' }
  { name: 'Deployment', type: 'string' }
  { name: 'ModelName', type: 'string' }
  { name: 'ModelVersion', type: 'string' }
  { name: 'Operation', type: 'string' }
  { name: 'Resource', type: 'string' }
  { name: 'Host', type: 'string' }
  { name: 'Gpu', type: 'string' }
  { name: 'OtherDims', type: 'string' }
  { name: 'Count', type: 'long' }
  { name: 'Sum', type: 'real' }
  { name: 'Min', type: 'real' }
  { name: 'Max', type: 'real' }
  { name: 'Mean', type: 'real' }
  { name: 'P50', type: 'real' }
  { name: 'P90', type: 'real' }
  { name: 'P95', type: 'real' }
  { name: 'P99', type: 'real' }
  { name: 'Rate', type: 'real' }
  { name: 'Share', type: 'real' }
  { name: 'Revision', type: 'int' }
  { name: 'RowId', type: 'string' }
  { name: 'Team', type: 'string' }
  { name: 'Project', type: 'string' }
]

var alertsColumns = [
  { name: 'TimeGenerated', type: 'datetime' }
  { name: 'AlertId', type: 'string' }
  { name: 'IncidentId', type: 'string' }
  { name: 'Rule', type: 'string' }
  { name: 'Severity', type: 'string' }
  { name: 'Status', type: 'string' }
  { name: 'StartsAt', type: 'datetime' }
  { name: 'EndsAt', type: 'datetime' }
  { name: 'Value', type: 'real' }
  { name: 'Threshold', type: 'real' }
  { name: 'Metric', type: 'string' }
  { name: 'Statistic', type: 'string' }
  { name: 'Source', type: 'string' }
  { name: 'Deployment', type: 'string' }
  { name: 'ModelName', type: 'string' }
  { name: 'ModelVersion', type: 'string' }
  { name: 'Operation', type: 'string' }
  { name: 'Host', type: 'string' }
  { name: 'Gpu', type: 'string' }
  { name: 'OtherDims', type: 'string' }
  { name: 'Score', type: 'real' }
  { name: 'ExpectedValue', type: 'real' }
  { name: 'LowerBound', type: 'real' }
  { name: 'UpperBound', type: 'real' }
  { name: 'Summary', type: 'string' }
]

// One row per incident state change (Open / Updated / Resolved); the lists and the evidence are dynamic so KQL reads
// them directly (Evidence.load_ratio, mv-expand Signals).
var incidentsColumns = [
  { name: 'TimeGenerated', type: 'datetime' }
  { name: 'IncidentId', type: 'string' }
  { name: 'Status', type: 'string' }
  { name: 'OpenedAt', type: 'datetime' }
  { name: 'ResolvedAt', type: 'datetime' }
  { name: 'Cause', type: 'string' }
  { name: 'Severity', type: 'string' }
  { name: 'Deployments', type: 'dynamic' }
  { name: 'ModelVersions', type: 'dynamic' }
  { name: 'Hosts', type: 'dynamic' }
  { name: 'Signals', type: 'dynamic' }
  { name: 'Evidence', type: 'dynamic' }
  { name: 'Summary', type: 'string' }
]

// AiObsActions_CL: one row per decided automated response and its answer (README "Automated responses").
var actionsColumns = [
  { name: 'TimeGenerated', type: 'datetime' }
  { name: 'RecordedAt', type: 'datetime' }
  { name: 'Action', type: 'string' }
  { name: 'Kind', type: 'string' }
  { name: 'Payload', type: 'string' }
  { name: 'Target', type: 'string' }
  { name: 'Outcome', type: 'string' }
  { name: 'HttpStatus', type: 'int' }
  { name: 'Attempts', type: 'int' }
  { name: 'Error', type: 'string' }
  { name: 'Reason', type: 'string' }
  { name: 'IdempotencyKey', type: 'string' }
  { name: 'IncidentId', type: 'string' }
  { name: 'Cause', type: 'string' }
  { name: 'Severity', type: 'string' }
  { name: 'Deployment', type: 'string' }
  { name: 'ModelVersion', type: 'string' }
  { name: 'PreviousVersion', type: 'string' }
  { name: 'Summary', type: 'string' }
]

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' existing = {
  name: workspaceName
}

resource metricsTable 'Microsoft.OperationalInsights/workspaces/tables@2022-10-01' = {
  parent: workspace
  name: 'AiObsMetrics_CL'
  properties: {
    schema: { name: 'AiObsMetrics_CL', columns: metricsColumns }
    retentionInDays: 30
  }
}

resource alertsTable 'Microsoft.OperationalInsights/workspaces/tables@2022-10-01' = {
  parent: workspace
  name: 'AiObsAlerts_CL'
  properties: {
    schema: { name: 'AiObsAlerts_CL', columns: alertsColumns }
    retentionInDays: 90
  }
}

resource incidentsTable 'Microsoft.OperationalInsights/workspaces/tables@2022-10-01' = {
  parent: workspace
  name: 'AiObsIncidents_CL'
  properties: {
    schema: { name: 'AiObsIncidents_CL', columns: incidentsColumns }
    retentionInDays: 90
  }
}

resource actionsTable 'Microsoft.OperationalInsights/workspaces/tables@2022-10-01' = {
  parent: workspace
  name: 'AiObsActions_CL'
  properties: {
    schema: { name: 'AiObsActions_CL', columns: actionsColumns }
    retentionInDays: 90
  }
}

resource dce 'Microsoft.Insights/dataCollectionEndpoints@2022-06-01' = {
  name: '${namePrefix}-dce'
  location: location
  properties: { networkAcls: { publicNetworkAccess: 'Enabled' } }
}

resource dcr 'Microsoft.Insights/dataCollectionRules@2022-06-01' = {
  name: '${namePrefix}-dcr'
  location: location
  properties: {
    dataCollectionEndpointId: dce.id
    streamDeclarations: {
      'Custom-AiObsMetrics_CL': { columns: metricsColumns }
      'Custom-AiObsAlerts_CL': { columns: alertsColumns }
      'Custom-AiObsIncidents_CL': { columns: incidentsColumns }
      'Custom-AiObsActions_CL': { columns: actionsColumns }
    }
    destinations: {
      logAnalytics: [ { name: 'workspace', workspaceResourceId: workspace.id } ]
    }
    dataFlows: [
      { streams: [ 'Custom-AiObsMetrics_CL' ], destinations: [ 'workspace' ], transformKql: 'source', outputStream: 'Custom-AiObsMetrics_CL' }
      { streams: [ 'Custom-AiObsAlerts_CL' ], destinations: [ 'workspace' ], transformKql: 'source', outputStream: 'Custom-AiObsAlerts_CL' }
      { streams: [ 'Custom-AiObsIncidents_CL' ], destinations: [ 'workspace' ], transformKql: 'source', outputStream: 'Custom-AiObsIncidents_CL' }
      { streams: [ 'Custom-AiObsActions_CL' ], destinations: [ 'workspace' ], transformKql: 'source', outputStream: 'Custom-AiObsActions_CL' }
    ]
  }
  dependsOn: [ metricsTable, alertsTable, incidentsTable, actionsTable ]
}

// Monitoring Metrics Publisher on the DCR: required to call the Logs Ingestion API (propagation can take 30 min).
resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dcr.id, principalId, 'monitoring-metrics-publisher')
  scope: dcr
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
    principalId: principalId
  }
}

output logsIngestionEndpoint string = dce.properties.logsIngestion.endpoint
output dcrImmutableId string = dcr.properties.immutableId
