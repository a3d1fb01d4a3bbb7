// The service's defaults, preloaded by node (Pulumi.yaml's nodeargs) before the program runs.
process.env.APP_PORT = process.env.APP_PORT || "8080";
