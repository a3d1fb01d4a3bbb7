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
    # notifications
    "aws:sns/topic:Topic": "no fixed charge: requests and deliveries are billed by usage (not estimated)",
    "aws:sns/topicSubscription:TopicSubscription": "",
    "aws:sns/topicPolicy:TopicPolicy": "",
}
