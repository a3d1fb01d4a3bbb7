"""Resource types AWS does not bill for (configuration, wiring, permissions), and resources that are not
AWS's at all.

FREE_TYPES maps each free AWS type to a note shown as the resource's reason when there is more to
say (where the cost really lands), else "". It is kept in sections: the cross-service ones first
(permissions, policies, routes, associations, listeners, target groups), then one section per
service, each added with that service's rules (docs/adding-a-resource-type.md). An AWS type neither
here nor in a rule module may cost money: it is reported unpriced.

A resource of another provider (random, tls, command, docker, kubernetes, pulumi, ...) is "not AWS":
never unpriced, never counted in an AWS bill (what it makes AWS create, a Kubernetes load balancer
say, is not seen here).
"""

from __future__ import annotations

# Providers whose resources are AWS's (AWS Cloud Control's types have no rules: unpriced when not free).
AWS_PROVIDERS = frozenset({"aws", "aws-native"})


def provider_of(type_token: str) -> str:
    """`aws:ec2/vpc:Vpc` -> `aws`, `random:index/randomPassword:RandomPassword` -> `random`."""
    return type_token.split(":", 1)[0]


def is_aws(type_token: str) -> bool:
    return provider_of(type_token) in AWS_PROVIDERS


FREE_TYPES: dict[str, str] = {
    # --- cross-service: permissions and policies -----------------------------------------------
    "aws:iam/role:Role": "",
    "aws:iam/policy:Policy": "",
    "aws:iam/rolePolicy:RolePolicy": "",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "",
    "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive": "",
    "aws:iam/instanceProfile:InstanceProfile": "",
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": "",
    "aws:iam/user:User": "",
    "aws:iam/userPolicy:UserPolicy": "",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "",
    "aws:iam/userGroupMembership:UserGroupMembership": "",
    "aws:iam/userLoginProfile:UserLoginProfile": "",
    "aws:iam/group:Group": "",
    "aws:iam/groupPolicy:GroupPolicy": "",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "",
    "aws:iam/groupMembership:GroupMembership": "",
    "aws:iam/policyAttachment:PolicyAttachment": "",
    "aws:iam/accessKey:AccessKey": "",
    "aws:iam/sshKey:SshKey": "",
    "aws:iam/virtualMfaDevice:VirtualMfaDevice": "",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": "",
    "aws:iam/samlProvider:SamlProvider": "",
    "aws:iam/serverCertificate:ServerCertificate": "",
    "aws:iam/accountAlias:AccountAlias": "",
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy": "",
    "aws:lambda/permission:Permission": "",
    "aws:s3/bucketPolicy:BucketPolicy": "",
    "aws:sqs/queuePolicy:QueuePolicy": "",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": "",
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "",
    "aws:kms/grant:Grant": "",
    "aws:kms/keyPolicy:KeyPolicy": "",
    "aws:kms/alias:Alias": "",
    "aws:secretsmanager/secretVersion:SecretVersion": "",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "",
    "aws:wafv2/webAclAssociation:WebAclAssociation": "priced on the web ACL (per ACL, rule and request)",
    "aws:ec2/tag:Tag": "",
    "aws:autoscaling/tag:Tag": "",
    # --- VPC wiring: routes and associations ----------------------------------------------------
    "aws:ec2/vpc:Vpc": "",
    "aws:ec2/defaultVpc:DefaultVpc": "",
    "aws:ec2/defaultSubnet:DefaultSubnet": "",
    "aws:ec2/defaultVpcDhcpOptions:DefaultVpcDhcpOptions": "",
    "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation": "",
    "aws:ec2/vpcIpv6CidrBlockAssociation:VpcIpv6CidrBlockAssociation": "",
    "aws:ec2/vpcEndpointSubnetAssociation:VpcEndpointSubnetAssociation": "priced on the endpoint (per subnet)",
    "aws:ec2/natGatewayEipAssociation:NatGatewayEipAssociation": "",
    "aws:ec2/networkInterfaceAttachment:NetworkInterfaceAttachment": "",
    "aws:ec2/volumeAttachment:VolumeAttachment": "priced on the volume",
    "aws:ec2/securityGroupAssociation:SecurityGroupAssociation": "",
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
    # --- security groups and network ACLs --------------------------------------------------------
    "aws:ec2/securityGroup:SecurityGroup": "",
    "aws:ec2/securityGroupRule:SecurityGroupRule": "",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "",
    "aws:ec2/networkAcl:NetworkAcl": "",
    "aws:ec2/networkAclRule:NetworkAclRule": "",
    "aws:ec2/networkAclAssociation:NetworkAclAssociation": "",
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": "",
    # --- VPN: the connection is priced (network.py); its gateways and routes are not ----------------
    "aws:ec2/vpnGateway:VpnGateway": "",
    "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment": "",
    "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation": "",
    "aws:ec2/customerGateway:CustomerGateway": "",
    "aws:ec2/vpnConnectionRoute:VpnConnectionRoute": "",
    # --- compute configuration (EC2, Auto Scaling) ------------------------------------------------
    "aws:ec2/launchTemplate:LaunchTemplate": "priced on the instances and Auto Scaling groups that use it",
    "aws:ec2/keyPair:KeyPair": "",
    "aws:ec2/placementGroup:PlacementGroup": "",
    "aws:autoscaling/attachment:Attachment": "",
    "aws:autoscaling/lifecycleHook:LifecycleHook": "",
    "aws:autoscaling/notification:Notification": "",
    "aws:autoscaling/schedule:Schedule": "",
    # --- load balancers: listeners and target groups ---------------------------------------------
    "aws:lb/targetGroup:TargetGroup": "",
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": "",
    "aws:lb/listener:Listener": "",
    "aws:lb/listenerRule:ListenerRule": "",
    "aws:lb/listenerCertificate:ListenerCertificate": "",
    "aws:elb/attachment:Attachment": "",
    "aws:elb/listenerPolicy:ListenerPolicy": "",
    "aws:acm/certificate:Certificate": "",
    # --- database configuration (RDS) -------------------------------------------------------------
    "aws:rds/subnetGroup:SubnetGroup": "",
    "aws:rds/parameterGroup:ParameterGroup": "",
    "aws:rds/optionGroup:OptionGroup": "",
    # --- notifications (SNS) ------------------------------------------------------------------
    "aws:sns/topic:Topic": "no fixed charge: requests and deliveries are billed by usage (not estimated)",
    "aws:sns/topicSubscription:TopicSubscription": "",
    "aws:sns/topicPolicy:TopicPolicy": "",
}
