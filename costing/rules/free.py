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
    # --- storage group: S3, DynamoDB, EFS, FSx, AWS Backup, EBS snapshots --------------------------
    # bucket sub-resources: the bucket's storage and requests are priced on the bucket (s3.py)
    "aws:s3/bucketPolicy:BucketPolicy": "",
    "aws:s3/bucketAcl:BucketAcl": "",
    "aws:s3/bucketAclV2:BucketAclV2": "",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "",
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": "",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "",
    "aws:s3/bucketVersioning:BucketVersioning": "noncurrent versions are storage, priced on the bucket",
    "aws:s3/bucketVersioningV2:BucketVersioningV2": "noncurrent versions are storage, priced on the bucket",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration":
        "the storage classes it moves objects to are priced on the bucket",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2":
        "the storage classes it moves objects to are priced on the bucket",
    "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration":
        "Intelligent-Tiering storage and monitoring are priced on the bucket",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": "",
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": "",
    "aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2": "",
    "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration": "",
    "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2": "",
    "aws:s3/bucketNotification:BucketNotification": "",
    "aws:s3/bucketLogging:BucketLogging": "the logs are storage, priced on the target bucket",
    "aws:s3/bucketLoggingV2:BucketLoggingV2": "the logs are storage, priced on the target bucket",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": "",
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2": "",
    "aws:s3/bucketRequestPaymentConfiguration:BucketRequestPaymentConfiguration": "",
    "aws:s3/bucketRequestPaymentConfigurationV2:BucketRequestPaymentConfigurationV2": "",
    "aws:s3/bucketAccelerateConfiguration:BucketAccelerateConfiguration":
        "no charge of its own: accelerated transfers are billed per GB (not estimated)",
    "aws:s3/bucketAccelerateConfigurationV2:BucketAccelerateConfigurationV2":
        "no charge of its own: accelerated transfers are billed per GB (not estimated)",
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig":
        "no charge of its own: replicas are the destination bucket's requests and storage",
    "aws:s3/bucketObject:BucketObject": "its storage is priced on its bucket",
    "aws:s3/bucketObjectv2:BucketObjectv2": "its storage is priced on its bucket",
    "aws:s3/objectCopy:ObjectCopy": "its storage is priced on its bucket",
    "aws:s3/accessPoint:AccessPoint": "",
    "aws:s3control/bucketPolicy:BucketPolicy": "",
    "aws:s3control/accessPointPolicy:AccessPointPolicy": "",
    # DynamoDB configuration; Application Auto Scaling is priced on what it scales
    "aws:dynamodb/resourcePolicy:ResourcePolicy": "",
    "aws:dynamodb/tag:Tag": "",
    "aws:dynamodb/tableItem:TableItem": "its storage is priced on its table",
    "aws:appautoscaling/target:Target": "priced on the resource it scales (at its minimum capacity)",
    "aws:appautoscaling/policy:Policy": "",
    "aws:appautoscaling/scheduledAction:ScheduledAction": "",
    # EFS and FSx configuration: storage is priced on the file system
    "aws:efs/accessPoint:AccessPoint": "",
    "aws:efs/mountTarget:MountTarget": "",
    "aws:efs/fileSystemPolicy:FileSystemPolicy": "",
    "aws:efs/backupPolicy:BackupPolicy": "its backups are priced on the AWS Backup vault",
    "aws:fsx/ontapStorageVirtualMachine:OntapStorageVirtualMachine": "",
    "aws:fsx/ontapVolume:OntapVolume": "its storage is priced on its file system",
    "aws:fsx/openZfsVolume:OpenZfsVolume": "its storage is priced on its file system",
    "aws:fsx/openZfsSnapshot:OpenZfsSnapshot": "its storage is priced on its file system",
    "aws:fsx/dataRepositoryAssociation:DataRepositoryAssociation": "",
    # AWS Backup configuration: backups are priced on the vault
    "aws:backup/plan:Plan": "backups are priced on the vault",
    "aws:backup/selection:Selection": "backups are priced on the vault",
    "aws:backup/vaultPolicy:VaultPolicy": "",
    "aws:backup/vaultNotifications:VaultNotifications": "",
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration": "",
    "aws:backup/globalSettings:GlobalSettings": "",
    "aws:backup/regionSettings:RegionSettings": "",
    # EBS account settings
    "aws:ebs/defaultKmsKey:DefaultKmsKey": "",
    "aws:ebs/encryptionByDefault:EncryptionByDefault": "",
    "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess": "",
}
