# OneWindow: `make run` and `make test` are the two commands; see README.md.
BUILD ?= build
JOBS ?= $(shell nproc)
PORT ?= 8080
DB ?= sqlite:data/onewindow.db

.PHONY: all deps build run test unit e2e fuzz web deb bench-cluster clean format

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

web: deps
	@bash scripts/build-web.sh

run: build web
	@bash scripts/run.sh $(DB) $(PORT)

test: build web
	@bash scripts/test.sh

# The Debian package (cmake/Packaging.cmake, deploy/debian/): only the binary is built, then
# CPack packs it with web/dist; prints the .deb's path. Test: tests/package/deb_test.sh.
deb: web $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target onewindow
	cd $(BUILD) && cpack -G DEB
	@echo "deb: $$(realpath $$(ls -t $(BUILD)/onewindow_*.deb | head -n 1))"

# The cluster path (HAProxy + 3 nodes + PostgreSQL primary/standby) against one node, in one
# run (~3 minutes; needs the cluster's packages and wrk): docs/operations.md, "Cluster benchmark".
bench-cluster: build
	@ONEWINDOW_BIN=$(abspath $(BUILD))/onewindow bash bench/cluster/run.sh

fuzz: deps
	@bash scripts/fuzz.sh

format:
	@find src tests bench fuzz -name '*.h' -o -name '*.cpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-fuzz
