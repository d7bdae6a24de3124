print("influxsync")
