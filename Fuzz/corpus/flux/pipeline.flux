from(bucket: "b")
    |> range(start: -task.every)
    |> filter(fn: (r) => r._measurement == "cpu" and r.host =~ /web-\d+/)
    |> aggregateWindow(every: 1h, fn: mean)
