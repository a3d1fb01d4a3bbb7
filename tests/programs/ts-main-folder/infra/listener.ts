import * as aws from "@pulumi/aws";

/** Port 80 of the load balancer, forwarded to the target group. */
export function httpListener(balancer: aws.lb.LoadBalancer, targets: aws.lb.TargetGroup): aws.lb.Listener {
    return new aws.lb.Listener("http", {
        loadBalancerArn: balancer.arn,
        port: 80,
        defaultActions: [{ type: "forward", targetGroupArn: targets.arn }],
    }, { parent: balancer });
}
