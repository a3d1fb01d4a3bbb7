"use strict";
// The Node.js runner's answers module (costing/inventory/runners/node/costing_answers.cjs), driven by
// tests/test_runners.py: reads {"module", "answers", "cases"} on stdin and writes, for each case, {"value"}
// or {"error"} on stdout, as tests/test_runners.py's render_case does with the Python module.
const fs = require("fs");

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const { Answers, iamPolicyDocument } = require(request.module);
const table = Answers.load(request.answers);

function render(answers, item) {
    switch (item.call) {
    case "invoke":
        return answers.invoke(item.token, item.args, item.region, item.provider);
    case "outputs":
        return answers.outputs(item.type, item.name, item.region);
    case "zones":
        return answers.zones(item.region);
    case "policy":
        return iamPolicyDocument(item.args, item.minified);
    default:
        throw new Error(`unknown call ${item.call}`);
    }
}

const results = request.cases.map((item) => {
    try {
        return { value: render(item.table ? new Answers({ ...table.table, ...item.table }) : table, item) };
    } catch (error) {
        return { error: error.message };
    }
});
process.stdout.write(JSON.stringify(results));
