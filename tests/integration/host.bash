# SPDX-License-Identifier: Apache-2.0
# A stand-in build host for the suites: real Pro and snap outputs from shared/fixtures served
# by the stand-ins, and a --root tree.

PACK_HELP='Usage:
    rockcraft pack [options]

Summary:
    Process parts and create the final artifact.

Options:
       -h, --help:  Show this help message and exit
    -v, --verbose:  Show debug information and be more verbose
      --platform:  Set platform to build for
          --pro:  Enable Ubuntu Pro services for this command.
       --shell:  Shell into the environment in lieu of the step to run.'

PROFILE_INITIALISED='config: {}
description: Default LXD profile
devices:
  eth0:
    name: eth0
    network: lxdbr0
    type: nic
  root:
    path: /
    pool: default
    type: disk
name: default
used_by: []
project: default'

PROFILE_EMPTY='config: {}
description: Default LXD profile
devices: {}
name: default
used_by: []
project: default'

LXD_SNAP_LIST='Name  Version         Rev    Tracking     Publisher    Notes
lxd   5.21.4-9eb1368  36971  5.21/stable  canonical**  -'

# An attached Ubuntu 22.04 host with rockcraft 1.20 from latest/stable, LXD 5.21.4 and
# guest attachment available: everything a guest-attach build needs.
ready_guest_attach_host() {
  standins pro snap lxd lxc rockcraft sudo
  host_file etc/os-release "$(cat "$FIXTURES/os-release/ubuntu-22.04.2-jammy.os-release")"
  host_file proc/sys/kernel/osrelease "5.15.0-91-generic"
  host_file var/snap/lxd/common/lxd/unix.socket ""
  answer pro version -- --text "37.1ubuntu0~22.04"
  answer pro api u.pro.status.enabled_services.v1 -- --fixture pro/api-enabled-services.attached.fips-updates-disabled.json
  answer pro api u.pro.status.is_attached.v1 -- --fixture pro/api-is-attached.attached.json
  answer pro status --format json --all -- --fixture pro/status-all.attached.fips-updates-disabled.json
  answer pro config show lxd_guest_attach -- --text "lxd_guest_attach available"
  answer snap list rockcraft -- --fixture snap/snap-list-rockcraft.stable.non-tty.txt
  answer snap list lxd -- --text "$LXD_SNAP_LIST"
  answer rockcraft pack --help -- --text "$PACK_HELP"
  answer lxd version -- --text "5.21.4 LTS"
  answer lxc profile show default -- --text "$PROFILE_INITIALISED"
}
