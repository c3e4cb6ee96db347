"""Serve a scripted MongoDB on localhost (loopback) that fails the first getMore, for driver error-handling tests.

Usage: python3 mockupdb-faults.py cursor-not-found|drop-connection

It prints {"host": "localhost", "port": N} on one line once listening, then serves until stdin closes or it gets SIGTERM.
listCollections names Marketplace and MarketplaceModel, and a count returns 3 documents. A find on any
collection returns two well-formed legacy listings and an open cursor. The getMore that follows either gets
a CursorNotFound error (code 43) or has its connection closed without a reply.
Needs Debian's python3-mockupdb (MockupDB 1.8 with pymongo 3.11).
"""

import json
import signal
import sys
import traceback

from bson.int64 import Int64
from bson.objectid import ObjectId
from mockupdb import MockupDB

CURSOR_ID = Int64(4242)
HELLO_REPLY = {
    "ismaster": True,
    "isWritablePrimary": True,
    "helloOk": True,
    "minWireVersion": 0,
    "maxWireVersion": 17,
    "maxBsonObjectSize": 16 * 1024 * 1024,
    "maxMessageSizeBytes": 48_000_000,
    "maxWriteBatchSize": 100_000,
}


COLLECTIONS = ["Marketplace", "MarketplaceModel"]


def legacy_listing(counter):
    """A well-formed legacy listing (small Python ints encode as int32), so a migration fails only through the fault."""
    return {
        "_id": ObjectId("6370a0000000000000000%03d" % counter),
        "name": "Listing %d" % counter,
        "amount": 1,
        "price": 10,
        "owner": Int64(812345678901234567),
    }


def reply_to_find(request):
    namespace = "%s.%s" % (request.namespace, request.doc["find"])
    first_batch = [legacy_listing(1), legacy_listing(2)]
    return request.ok(cursor={"id": CURSOR_ID, "ns": namespace, "firstBatch": first_batch})


def reply_to_list_collections(request):
    first_batch = [{"name": name, "type": "collection"} for name in COLLECTIONS]
    return request.ok(cursor={"id": Int64(0), "ns": "%s.$cmd.listCollections" % request.namespace, "firstBatch": first_batch})


def reply_to_count(request):
    # countDocuments runs an aggregate ending in a $group that returns {n: count}.
    namespace = "%s.%s" % (request.namespace, request.doc["aggregate"])
    return request.ok(cursor={"id": Int64(0), "ns": namespace, "firstBatch": [{"_id": 1, "n": 3}]})


def make_dispatcher(fault):
    """Reply by command name. A string matcher would not do: MockupDB matches "find" only as {"find": 1}."""

    def dispatch(request):
        try:
            name = request.command_name
            if name in ("hello", "ismaster", "isMaster"):
                return request.ok(HELLO_REPLY)
            if name == "find":
                return reply_to_find(request)
            if name == "listCollections":
                return reply_to_list_collections(request)
            if name == "aggregate":
                return reply_to_count(request)
            if name == "getMore" and fault == "drop-connection":
                return request.hangup()
            if name == "getMore":
                return request.command_err(code=43, errmsg="cursor id 4242 not found")
            if name == "killCursors":
                return request.ok(cursorsKilled=[CURSOR_ID])
            return request.ok()
        except Exception:
            # MockupDB drops the connection without a word when a handler raises.
            traceback.print_exc()
            raise

    return dispatch


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("cursor-not-found", "drop-connection"):
        sys.stderr.write("usage: mockupdb-faults.py cursor-not-found|drop-connection\n")
        return 2

    server = MockupDB(port=0)
    server.autoresponds(make_dispatcher(sys.argv[1]))
    port = server.run()

    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.stdin.close())
    print(json.dumps({"host": server.host, "port": port}), flush=True)
    try:
        sys.stdin.read()
    except ValueError:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
