#!/usr/bin/env python3
"""Conformance of the sandbox with InfluxData's official Python client (influxdb-client).

Usage: python_client.py URL TOKEN ORG

Against a served sandbox (influxsync sandbox serve) it does what the client's own task and label
tests do first: looks the org up, creates a bucket, an authorization with task, label and bucket
permissions, and a user; then, with the new token only, creates, lists and deletes a task and a
label, and checks every answer. Prints one line per step; exits 1 at the first mismatch, naming
it. Needs `pip install influxdb-client` (.ci/run installs it under .build/python).
"""
import sys
import uuid

from influxdb_client import InfluxDBClient, Permission, PermissionResource, TaskCreateRequest


def check(condition, what):
    if not condition:
        print(f"FAIL: {what}", file=sys.stderr)
        sys.exit(1)
    print(f"ok: {what}")


def main():
    if len(sys.argv) != 4:
        print("usage: python_client.py URL TOKEN ORG", file=sys.stderr)
        return 2
    url, token, org_name = sys.argv[1:]
    suffix = uuid.uuid4().hex[:8]
    with InfluxDBClient(url=url, token=token, org=org_name) as admin:
        orgs = admin.organizations_api().find_organizations(org=org_name)
        check(len(orgs) == 1 and orgs[0].name == org_name, f"the org {org_name} is found by name")
        org_id = orgs[0].id

        buckets = admin.buckets_api()
        bucket = buckets.create_bucket(bucket_name=f"py-{suffix}", org_id=org_id)
        check(bucket.name == f"py-{suffix}" and bucket.type == "user", "a bucket is created")
        found = buckets.find_bucket_by_name(f"py-{suffix}")
        check(found is not None and found.id == bucket.id, "the bucket is found by name")

        me = admin.users_api().me()
        check(me.status == "active", f"/api/v2/me is the token's user ({me.name})")
        user = admin.users_api().create_user(name=f"py-user-{suffix}")
        check(user.name == f"py-user-{suffix}" and user.status == "active", "a user is created")

        permissions = [
            Permission(action=action, resource=PermissionResource(type=kind, org_id=org_id))
            for kind in ("tasks", "labels", "buckets") for action in ("read", "write")
        ]
        authorization = admin.authorizations_api().create_authorization(org_id=org_id, permissions=permissions)
        check(authorization.token and authorization.status == "active" and len(authorization.permissions) == 6,
              "an authorization with task, label and bucket permissions is created")

    with InfluxDBClient(url=url, token=authorization.token, org=org_name) as scoped:
        tasks = scoped.tasks_api()
        flux = f'option task = {{name: "py-task-{suffix}", every: 1h}}\n\nfrom(bucket: "py-{suffix}") |> range(start: -1h)\n'
        task = tasks.create_task(task_create_request=TaskCreateRequest(flux=flux, org_id=org_id, status="active"))
        check(task.name == f"py-task-{suffix}" and task.every == "1h", "the new token creates a task")
        listed = [t.id for t in tasks.find_tasks(name=f"py-task-{suffix}")]
        check(listed == [task.id], "the new token lists the task")
        tasks.delete_task(task.id)
        check(all(t.id != task.id for t in tasks.find_tasks()), "the new token deletes the task")

        labels = scoped.labels_api()
        label = labels.create_label(name=f"py-label-{suffix}", org_id=org_id, properties={"color": "ffb3b3"})
        check(label.name == f"py-label-{suffix}" and label.properties == {"color": "ffb3b3"}, "the new token creates a label")
        check(any(l.id == label.id for l in labels.find_labels()), "the new token lists the label")
        labels.delete_label(label)
        check(all(l.id != label.id for l in labels.find_labels()), "the new token deletes the label")

        check(scoped.buckets_api().find_bucket_by_name(f"py-{suffix}").id == bucket.id, "the new token reads the bucket")
    print("python client conformance: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
