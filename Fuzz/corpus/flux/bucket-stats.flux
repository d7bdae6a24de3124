// A task written as a plain Flux file: its `option task` record names and schedules it.
import "influxdata/influxdb/schema"

option task = {name: "Bucket cardinality", cron: "30 3 * * *"}

schema.measurements(bucket: "telegraf")
    |> count()
    |> map(fn: (r) => ({_time: now(), _measurement: "bucket_stats", _field: "measurements", _value: r._value}))
    |> to(bucket: "alerts", org: "example-org")
