"""Resource types AWS does not bill for: configuration, wiring and permissions.

Each maps to a note shown as the resource's reason when there is more to say (where the cost
really lands); the rest map to "". A type neither here nor in a rule module is unpriced.
"""

from __future__ import annotations

FREE_TYPES: dict[str, str] = {
    # VPC wiring
    "aws:ec2/vpc:Vpc": "",
    "aws:ec2/subnet:Subnet": "",
    "aws:ec2/routeTable:RouteTable": "",
    "aws:ec2/route:Route": "",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "",
    "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation": "",
    "aws:ec2/defaultRouteTable:DefaultRouteTable": "",
    "aws:ec2/internetGateway:InternetGateway": "",
    "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment": "",
    "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": "",
    "aws:ec2/vpcDhcpOptions:VpcDhcpOptions": "",
    "aws:ec2/vpcDhcpOptionsAssociation:VpcDhcpOptionsAssociation": "",
    "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation": "",
    "aws:ec2/eipAssociation:EipAssociation": "",
    "aws:ec2/flowLog:FlowLog": "no charge of its own: flow logs are billed as ingestion into their log group",
    # security groups and network ACLs
    "aws:ec2/securityGroup:SecurityGroup": "",
    "aws:ec2/securityGroupRule:SecurityGroupRule": "",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "",
    "aws:ec2/networkAcl:NetworkAcl": "",
    "aws:ec2/networkAclRule:NetworkAclRule": "",
    "aws:ec2/networkAclAssociation:NetworkAclAssociation": "",
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": "",
    # VPN: the connection is priced (network.py); its gateways and routes are not
    "aws:ec2/vpnGateway:VpnGateway": "",
    "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment": "",
    "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation": "",
    "aws:ec2/customerGateway:CustomerGateway": "",
    "aws:ec2/vpnConnectionRoute:VpnConnectionRoute": "",
    # compute configuration
    "aws:ec2/launchTemplate:LaunchTemplate": "priced on the instances and Auto Scaling groups that use it",
    "aws:ec2/keyPair:KeyPair": "",
    "aws:ec2/placementGroup:PlacementGroup": "",
    "aws:autoscaling/policy:Policy": "",
    "aws:autoscaling/attachment:Attachment": "",
    "aws:autoscaling/lifecycleHook:LifecycleHook": "",
    # load balancer configuration
    "aws:lb/targetGroup:TargetGroup": "",
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": "",
    "aws:lb/listener:Listener": "",
    "aws:lb/listenerRule:ListenerRule": "",
    "aws:lb/listenerCertificate:ListenerCertificate": "",
    "aws:elb/attachment:Attachment": "",
    "aws:acm/certificate:Certificate": "",
    # database configuration
    "aws:rds/subnetGroup:SubnetGroup": "",
    "aws:rds/parameterGroup:ParameterGroup": "",
    "aws:rds/optionGroup:OptionGroup": "",
    # permissions
    "aws:iam/role:Role": "",
    "aws:iam/policy:Policy": "",
    "aws:iam/rolePolicy:RolePolicy": "",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "",
    "aws:iam/instanceProfile:InstanceProfile": "",
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": "",
    "aws:kms/alias:Alias": "",
    "aws:secretsmanager/secretVersion:SecretVersion": "",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "",
    # --- application integration, streaming and messaging (API Gateway, AppSync, SQS, SNS, Step
    # Functions, EventBridge, Kinesis, MSK, Amazon MQ, Transfer Family, Cognito, SES): configuration
    # and wiring; what they carry is billed on the API, queue, topic, stream, broker or pool they serve.
    # API Gateway (REST): billed per request on the REST API and per cache hour on its stage
    "aws:apigateway/account:Account": "",
    "aws:apigateway/apiKey:ApiKey": "",
    "aws:apigateway/authorizer:Authorizer": "",
    "aws:apigateway/basePathMapping:BasePathMapping": "",
    "aws:apigateway/clientCertificate:ClientCertificate": "",
    "aws:apigateway/deployment:Deployment": "",
    "aws:apigateway/documentationPart:DocumentationPart": "",
    "aws:apigateway/documentationVersion:DocumentationVersion": "",
    "aws:apigateway/domainName:DomainName": "",
    "aws:apigateway/domainNameAccessAssociation:DomainNameAccessAssociation": "",
    "aws:apigateway/integration:Integration": "",
    "aws:apigateway/integrationResponse:IntegrationResponse": "",
    "aws:apigateway/method:Method": "",
    "aws:apigateway/methodResponse:MethodResponse": "",
    "aws:apigateway/methodSettings:MethodSettings": "",
    "aws:apigateway/model:Model": "",
    "aws:apigateway/requestValidator:RequestValidator": "",
    "aws:apigateway/resource:Resource": "",
    "aws:apigateway/response:Response": "",
    "aws:apigateway/restApiPolicy:RestApiPolicy": "",
    "aws:apigateway/restApiPut:RestApiPut": "",
    "aws:apigateway/usagePlan:UsagePlan": "",
    "aws:apigateway/usagePlanKey:UsagePlanKey": "",
    "aws:apigateway/vpcLink:VpcLink": "no charge of its own: the network load balancer it targets is billed",
    # API Gateway (HTTP and WebSocket): billed per request, message and connection minute on the API
    "aws:apigatewayv2/apiMapping:ApiMapping": "",
    "aws:apigatewayv2/authorizer:Authorizer": "",
    "aws:apigatewayv2/deployment:Deployment": "",
    "aws:apigatewayv2/domainName:DomainName": "",
    "aws:apigatewayv2/integration:Integration": "",
    "aws:apigatewayv2/integrationResponse:IntegrationResponse": "",
    "aws:apigatewayv2/model:Model": "",
    "aws:apigatewayv2/route:Route": "",
    "aws:apigatewayv2/routeResponse:RouteResponse": "",
    "aws:apigatewayv2/routingRule:RoutingRule": "",
    "aws:apigatewayv2/stage:Stage": "",
    "aws:apigatewayv2/vpcLink:VpcLink": "",
    # SQS and SNS
    "aws:sqs/queuePolicy:QueuePolicy": "",
    "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": "",
    "aws:sqs/redrivePolicy:RedrivePolicy": "",
    "aws:sns/topicPolicy:TopicPolicy": "",
    "aws:sns/platformApplication:PlatformApplication": "",
    "aws:sns/smsPreferences:SmsPreferences": "",
}
