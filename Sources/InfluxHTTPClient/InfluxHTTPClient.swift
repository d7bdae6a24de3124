import InfluxAPI

// The AsyncHTTPClient implementation of `InfluxAPIClient` lives here (issue 2 §8).
