// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IDeviceRegistry} from "../../interfaces/IDeviceRegistry.sol";
import {IOracleSet} from "../../interfaces/IOracleSet.sol";
import {OracleQuorum} from "../../libraries/OracleQuorum.sol";

/**
 * @dev The market of the `compute` kind: a customer pays a compute provider — a registered device,
 * run by its owner — by the second to run a workload (deterministic WASM tasks, named by the hash of
 * their manifest), and the provider locks collateral that a fault burns. Akash's marketplace is the
 * model, in the EVM port Akash itself designed (AEP-79 doc 04): per-second rates instead of
 * per-block ones, timestamps instead of heights, and a lazy escrow that anyone may settle. Render's
 * approval window holds the pay, and Pinion's oracles record faults.
 *
 * An order's life: the customer posts it ({postOrder}) with the workload's spec hash, the resources
 * it needs, the most it pays per second and a deposit into escrow; during its bidding window the
 * owners of registered devices bid ({bid}) a price per second, each locking {BID_COLLATERAL}
 * (Akash's `BidMinDeposits`), at most {MAX_BIDS_PER_ORDER} at a time (Akash's `OrderMaxBids`). The
 * customer accepts a bid at any time ({acceptBid}), or anyone accepts the lowest once the window is
 * over ({acceptLowest}, Akash's reverse auction): a lease forms at the bid's price, the losing bids'
 * collateral goes back, the winner's stays locked for the lease.
 *
 * A lease's life: the provider starts it ({startLease}) within {START_WINDOW} of its forming, or
 * anyone may claim the no-show ({claimNoShow}): the collateral is burnt and the order re-opens for
 * bidding with its deposit (Akash re-lists an order whose lease closed while its group is open). From
 * its start the lease accrues `pricePerSecond` every second until its duration is up, its deposit is
 * spent (an open-ended order runs until then: Akash's depletion), or a side closes it ({closeLease}).
 * Nothing is done per second: {settle}, which anyone may call (Akash's port makes settlement
 * permissionless so keepers can close leases running dry), computes what is owed from the clock.
 *
 * Pay is held for the order's approval window (Render auto-approves frames 72 h after a job): the
 * provider is paid what accrued at least a window ago, and what the customer approved earlier
 * ({approve}). Held pay is the oracles' lever: a quorum of the oracle set records each epoch's
 * verdicts on leases ({recordVerdicts}); a fault closes the lease, gives the customer back every
 * accrual not yet released and the unspent deposit, and burns the collateral. A closed lease's
 * collateral goes back to its provider once its last accrual is released ({LeaseFinalized}).
 *
 * The pay released never needs a loop: the rate is constant, so what was released by time t is
 * `price × (min(max(approvedUntil, t − window), stop) − start)`, and the market only remembers how
 * much it paid. Every call is O(1) in time, but for the loops over an order's open bids (at most
 * {MAX_BIDS_PER_ORDER}) and over a verdict batch's records.
 *
 * Escrow and collateral are in the network's token, as StorageMarket's are: the escrow refunds what
 * it did not pay. Payments are pulled: what the market owes goes to a balance ({balanceOf}) that its
 * owner {withdraw}s, so a batch of verdicts never transfers anything but one burn, and nobody's
 * account can hold up anybody else's payment. The market always holds exactly the open orders'
 * deposits, the open bids' collateral, the leases' escrow left and locked collateral, and every
 * balance (the conservation the tests check after every scenario).
 *
 * Like every kind contract, it is deployed by `deploy()` through the network's PinionDeployer with
 * (token, registry, oracleSet): the oracle set is the RewardDistributor.
 *
 * No reentrancy guard: the only external calls go to the network's own token (which calls nobody
 * back) after every state change, and to the registry and the oracle set, which are only read.
 */
contract ComputeMarket is EIP712 {
    using SafeERC20 for IERC20;

    /// @notice An order's place in its life.
    enum OrderState {
        /// Taking bids (during its bidding window), waiting for one to be accepted.
        Open,
        /// A bid was accepted: its latest lease ({Order.leaseId}) holds the deposit.
        Leased,
        /// Withdrawn by its customer while open: its deposit and its bids' collateral went back.
        Cancelled
    }

    /// @notice A bid's place in its life.
    enum BidState {
        /// Waiting for the order's choice; its collateral is locked.
        Open,
        /// Withdrawn by its provider before a lease formed: collateral returned.
        Withdrawn,
        /// Another bid won, or the order was cancelled: collateral returned.
        Lost,
        /// Accepted: its collateral is the lease's.
        Won,
        /// Accepted, but its provider did not start the lease in time: collateral burnt.
        NoShow
    }

    /// @notice A lease's place in its life.
    enum LeaseState {
        /// Formed from an accepted bid; the provider has {START_WINDOW} to start it.
        Formed,
        /// Started: accruing by the second (until its end, even before anyone settles it).
        Active,
        /// Accrual stopped; the unspent deposit went back; pay still held, collateral still locked.
        Closed,
        /// Every accrual paid out and the collateral returned (or closed by its customer before it started).
        Finalized,
        /// Not started in time: collateral burnt, the deposit back with its re-opened order.
        NoShow,
        /// Closed by an oracle fault verdict: held pay and unspent deposit refunded, collateral burnt.
        Faulted
    }

    /// @notice Why a lease stopped accruing ({LeaseClosed}).
    enum CloseReason {
        /// Its customer closed it.
        Customer,
        /// Its provider closed it.
        Provider,
        /// Its duration was up.
        TimeUp,
        /// Its deposit was spent (an open-ended order's end).
        Depleted,
        /// The oracles recorded a fault.
        Fault
    }

    /**
     * @notice What an order's workload needs of a machine, as Akash's compute profile states it:
     * `cpuMillis` thousandths of a CPU and `memoryMiB` of memory (both more than 0), `storageMiB` of
     * disk (may be 0: a WASM task has no filesystem). The workload itself is the spec hash's.
     */
    struct Resources {
        uint32 cpuMillis;
        uint32 memoryMiB;
        uint32 storageMiB;
    }

    /**
     * @notice The oracles' word on one lease for an epoch: `fault` 0 when its epoch showed no fault,
     * otherwise the code of the compute kind's reason for the fault (FAULT_CODES in
     * packages/kinds/compute/settlement.ts: 1 result mismatch, 2 reveal mismatch, 3 input mismatch,
     * 4 usage over-claimed, 5 no show, 6 redundancy minority, 7 module missing, 8 reveal missing).
     * The market treats every non-zero code alike, so a reason the kind adds later never reverts a batch.
     */
    struct Verdict {
        uint256 leaseId;
        uint16 fault;
    }

    /**
     * @notice Everything about an order ({orderOf}): who posted it and what for, its terms, its state,
     * when bidding ends (or ended), the deposit it holds (0 once leased or cancelled: its lease holds
     * it then), its latest lease (0 before any) and its open bids.
     */
    struct Order {
        address customer;
        bytes32 specHash;
        Resources resources;
        uint256 maxPricePerSecond;
        uint32 durationSeconds;
        uint32 biddingSeconds;
        uint32 approvalWindowSeconds;
        OrderState state;
        uint64 biddingEndsAt;
        uint256 deposit;
        uint256 leaseId;
        uint256 openBids;
    }

    /// @notice Everything about a bid ({bidOf}); `collateralLocked` is {BID_COLLATERAL} while Open, else 0 (its lease's once Won).
    struct Bid {
        uint256 orderId;
        uint256 deviceId;
        address provider;
        uint256 pricePerSecond;
        BidState state;
        uint256 collateralLocked;
    }

    /**
     * @notice Everything about a lease ({leaseOf}), as of now: its parties and price; when it formed,
     * started (0 before) and ends (`endsAt`: when accrual stops or stopped; 0 before the start); what
     * the customer approved; the deposit it was given; what it accrued, paid out and could pay now
     * ({releasable}); and what it still holds: escrow (deposit not paid out nor refunded) and
     * collateral. `verifiedEpochs` counts the oracles' verified verdicts.
     */
    struct Lease {
        uint256 orderId;
        uint256 bidId;
        uint256 deviceId;
        address customer;
        address provider;
        uint256 pricePerSecond;
        LeaseState state;
        uint64 formedAt;
        uint64 startedAt;
        uint256 endsAt;
        uint64 approvedUntil;
        uint32 approvalWindowSeconds;
        uint32 verifiedEpochs;
        uint256 deposit;
        uint256 accrued;
        uint256 paid;
        uint256 releasable;
        uint256 escrowLeft;
        uint256 collateralLocked;
    }

    /// @dev An order as stored: the first slot is the only one bidding reads.
    struct StoredOrder {
        address customer;
        uint64 biddingEndsAt;
        OrderState state;
        uint32 durationSeconds;
        uint32 biddingSeconds;
        uint32 approvalWindowSeconds;
        uint32 cpuMillis;
        uint32 memoryMiB;
        uint32 storageMiB;
        bytes32 specHash;
        uint256 maxPricePerSecond;
        uint256 deposit;
        uint256 leaseId;
    }

    /// @dev A bid as stored; `index` is its place in its order's open bids while Open (below {MAX_BIDS_PER_ORDER}).
    struct StoredBid {
        address provider;
        uint64 orderId;
        BidState state;
        uint8 index;
        uint256 deviceId;
        uint256 pricePerSecond;
    }

    /**
     * @dev A lease as stored. The terms it needs are copied from its order, so settling reads no
     * order. `stoppedAt` is set once accrual stops (Closed, Faulted). `paid` is what went to the
     * provider's balance; the escrow left, what accrued and what is releasable follow from the clock.
     */
    struct StoredLease {
        address provider;
        uint64 startedAt;
        LeaseState state;
        address customer;
        uint64 formedAt;
        uint32 approvalWindowSeconds;
        uint64 stoppedAt;
        uint64 approvedUntil;
        uint32 durationSeconds;
        uint32 verifiedEpochs;
        uint64 orderId;
        uint256 bidId;
        uint256 pricePerSecond;
        uint256 deposit;
        uint256 paid;
    }

    /// @dev The most open bids an order takes: 20, Akash's `OrderMaxBids`. It bounds {acceptLowest}'s loop.
    uint256 public constant MAX_BIDS_PER_ORDER = 20;

    /**
     * @dev The collateral a bid locks: 0.5 token (the token has 18 decimals), Akash's
     * `BidMinDeposits` (0.5 AKT). A losing or withdrawn bid gets it back; a winner's backs its lease
     * and is burnt for a no-show or a fault. It is a constant so that every bid risks the same, and a
     * bid's collateral needs no slot: a network that wants another amount deploys another market.
     */
    uint256 public constant BID_COLLATERAL = 0.5 ether;

    /**
     * @dev How long a provider has to start a lease once it formed: 10 minutes. A provider that bid
     * is online (it answered the order within the bidding window) and a WASM workload needs no image
     * pulled, so minutes are enough; the customer's deposit is not held longer for a no-show.
     */
    uint64 public constant START_WINDOW = 10 minutes;

    /// @dev The shortest bidding window: 1 minute, a few blocks for providers to see the order and answer.
    uint32 public constant MIN_BIDDING_SECONDS = 1 minutes;
    /// @dev The longest bidding window: 7 days, so a deposit does not sit unmatched for long.
    uint32 public constant MAX_BIDDING_SECONDS = 7 days;

    /**
     * @dev The shortest approval window: 1 minute. Render auto-approves 72 h after a job (the value
     * the CLI suggests); a customer who checks results at once may hold pay for less, down to this.
     */
    uint32 public constant MIN_APPROVAL_WINDOW = 1 minutes;
    /// @dev The longest approval window: 30 days, so a provider's pay is never held longer.
    uint32 public constant MAX_APPROVAL_WINDOW = 30 days;

    /// @dev The longest fixed duration: 365 days (0 is open-ended: until the deposit is spent).
    uint32 public constant MAX_DURATION_SECONDS = 365 days;

    /// @dev An open-ended order's deposit covers at least this long at its maximum price: 1 hour.
    uint32 public constant MIN_OPEN_ENDED_SECONDS = 1 hours;

    bytes32 private constant _LEASE_VERDICTS_TYPEHASH =
        keccak256("LeaseVerdicts(uint64 epoch,uint32 version,bytes32 recordsHash)");

    /// @dev A constructor argument is not a contract.
    error NotAContract(address account);
    /// @dev `deviceId` does not exist or is suspended: it takes no order.
    error DeviceNotActive(uint256 deviceId);
    /// @dev `caller` is not the current owner of `deviceId`.
    error NotDeviceOwner(uint256 deviceId, address caller);
    /// @dev `caller` is not the customer of order `orderId`.
    error NotCustomer(uint256 orderId, address caller);
    /// @dev `caller` is not the provider of bid `bidId`.
    error NotBidder(uint256 bidId, address caller);
    /// @dev `caller` is not the customer of lease `leaseId`.
    error NotLeaseCustomer(uint256 leaseId, address caller);
    /// @dev `caller` is not the provider of lease `leaseId`.
    error NotLeaseProvider(uint256 leaseId, address caller);
    /// @dev `caller` is neither the customer nor the provider of lease `leaseId`.
    error NotLeaseParty(uint256 leaseId, address caller);
    /// @dev No order has the id `orderId`.
    error UnknownOrder(uint256 orderId);
    /// @dev No bid has the id `bidId`.
    error UnknownBid(uint256 bidId);
    /// @dev No lease has the id `leaseId`.
    error UnknownLease(uint256 leaseId);
    /// @dev `orderId` is in `state`, where the call needs it in `expected`.
    error UnexpectedOrderState(uint256 orderId, OrderState state, OrderState expected);
    /// @dev `bidId` is in `state`, where the call needs it in `expected`.
    error UnexpectedBidState(uint256 bidId, BidState state, BidState expected);
    /// @dev `leaseId` is in `state`, which the call does not take (each function says which it takes).
    error UnexpectedLeaseState(uint256 leaseId, LeaseState state);
    /// @dev Bid `bidId` is not a bid on order `orderId`.
    error BidNotInOrder(uint256 orderId, uint256 bidId);
    /// @dev A price per second of zero.
    error ZeroPrice();
    /// @dev Resources of `cpuMillis` CPU and `memoryMiB` memory: both must be more than 0.
    error InvalidResources(uint32 cpuMillis, uint32 memoryMiB);
    /// @dev A fixed duration of `durationSeconds` above `max` (0 is open-ended).
    error InvalidDuration(uint32 durationSeconds, uint32 max);
    /// @dev A bidding window of `biddingSeconds`, where it takes `min` to `max`.
    error InvalidBiddingWindow(uint32 biddingSeconds, uint32 min, uint32 max);
    /// @dev An approval window of `approvalWindowSeconds`, where it takes `min` to `max`.
    error InvalidApprovalWindow(uint32 approvalWindowSeconds, uint32 min, uint32 max);
    /// @dev `deposit` does not cover `maxPricePerSecond` for `coveredSeconds` (the duration, or {MIN_OPEN_ENDED_SECONDS}).
    error InsufficientDeposit(uint256 deposit, uint256 maxPricePerSecond, uint256 coveredSeconds);
    /// @dev A bid of `pricePerSecond` above the order's `maxPricePerSecond`.
    error PriceAboveMax(uint256 pricePerSecond, uint256 maxPricePerSecond);
    /// @dev Order `orderId`'s bidding window ended at `biddingEndsAt`.
    error BiddingClosed(uint256 orderId, uint64 biddingEndsAt);
    /// @dev Order `orderId`'s bidding window is open until `biddingEndsAt`: only its customer may accept a bid yet.
    error BiddingOpen(uint256 orderId, uint64 biddingEndsAt);
    /// @dev Order `orderId` has `max` open bids already.
    error TooManyBids(uint256 orderId, uint256 max);
    /// @dev `deviceId` has bid `bidId` on order `orderId` already (or did not start the order's lease).
    error DeviceAlreadyBid(uint256 orderId, uint256 deviceId, uint256 bidId);
    /// @dev Order `orderId` has no open bid to accept.
    error NoBids(uint256 orderId);
    /// @dev Lease `leaseId` had to be started by `deadline`.
    error StartWindowPassed(uint256 leaseId, uint64 deadline);
    /// @dev Lease `leaseId` may still be started until `deadline`: no no-show yet.
    error StartWindowOpen(uint256 leaseId, uint64 deadline);
    /// @dev An approval up to `upTo` of lease `leaseId`, which has accrued only until `accruedUntil`.
    error ApprovalBeyondAccrual(uint256 leaseId, uint64 upTo, uint256 accruedUntil);
    /// @dev Verdicts of `epoch` come after those already recorded: the next batch must be for `nextEpoch` or later.
    error EpochAlreadyRecorded(uint64 epoch, uint64 nextEpoch);
    /// @dev The records were signed under oracle-set `version`; the set is now at `currentVersion`.
    error StaleOracleSetVersion(uint32 version, uint32 currentVersion);
    /// @dev Records must come in strictly ascending lease id order: `leaseId` follows `previous`.
    error RecordsNotAscending(uint256 previous, uint256 leaseId);
    /// @dev `account` has no balance to withdraw.
    error NothingToWithdraw(address account);

    /**
     * @notice Emitted when `customer` posted order `orderId` for the workload `specHash` needing these
     * resources, paying `deposit` into escrow; bids are taken until `biddingEndsAt`.
     */
    event OrderPosted(
        uint256 indexed orderId,
        address indexed customer,
        bytes32 indexed specHash,
        uint32 cpuMillis,
        uint32 memoryMiB,
        uint32 storageMiB,
        uint256 maxPricePerSecond,
        uint32 durationSeconds,
        uint256 deposit,
        uint64 biddingEndsAt,
        uint32 approvalWindowSeconds
    );
    /// @notice Emitted when the customer cancelled open order `orderId`: `refunded` went to its balance.
    event OrderCancelled(uint256 indexed orderId, uint256 refunded);
    /// @notice Emitted when order `orderId` took bids again after its lease's no-show, until `biddingEndsAt`.
    event OrderReopened(uint256 indexed orderId, uint64 biddingEndsAt);
    /// @notice Emitted when `provider`, owner of `deviceId`, bid `pricePerSecond` on `orderId`, locking `collateral`.
    event BidPlaced(
        uint256 indexed bidId,
        uint256 indexed orderId,
        uint256 indexed deviceId,
        address provider,
        uint256 pricePerSecond,
        uint256 collateral
    );
    /// @notice Emitted when the provider withdrew open bid `bidId`: `collateralReturned` went to its balance.
    event BidWithdrawn(uint256 indexed bidId, uint256 collateralReturned);
    /// @notice Emitted when bid `bidId` lost (another won, or the order was cancelled): `collateralReturned` went to its balance.
    event BidLost(uint256 indexed bidId, uint256 collateralReturned);
    /// @notice Emitted when bid `bidId` on `orderId` was accepted: lease `leaseId` formed with `provider` at `pricePerSecond`.
    event LeaseFormed(
        uint256 indexed leaseId, uint256 indexed orderId, uint256 indexed bidId, address provider, uint256 pricePerSecond
    );
    /// @notice Emitted when the provider started `leaseId` at `startedAt`; it accrues until `endsAt` unless closed earlier.
    event LeaseStarted(uint256 indexed leaseId, uint64 startedAt, uint256 endsAt);
    /// @notice Emitted when the customer approved `leaseId`'s accruals up to `approvedUntil`.
    event LeaseApproved(uint256 indexed leaseId, uint64 approvedUntil);
    /// @notice Emitted when `paid` of `leaseId`'s released accrual (up to `releasedUntil`) went to the provider's balance.
    event LeaseSettled(uint256 indexed leaseId, uint256 paid, uint256 releasedUntil);
    /// @notice Emitted when `leaseId` stopped accruing at `stoppedAt` for `reason`: `refunded` (the unspent deposit) went to the customer's balance.
    event LeaseClosed(uint256 indexed leaseId, CloseReason reason, uint256 stoppedAt, uint256 refunded);
    /// @notice Emitted when every accrual of `leaseId` was paid out: `collateralReturned` went to the provider's balance.
    event LeaseFinalized(uint256 indexed leaseId, uint256 collateralReturned);
    /// @notice Emitted when `leaseId` was not started in time: `slashed` of collateral was burnt, its order re-opened.
    event LeaseNoShow(uint256 indexed leaseId, uint256 slashed);
    /// @notice Emitted when the oracles verified `leaseId`'s work in `epoch`; it has `verifiedEpochs` such epochs.
    event LeaseVerified(uint256 indexed leaseId, uint64 indexed epoch, uint32 verifiedEpochs);
    /**
     * @notice Emitted when the oracles recorded fault `fault` of `leaseId` in `epoch`: `paid` (accruals
     * released before the fault) went to the provider's balance, `refunded` (held pay and unspent
     * deposit) to the customer's, and `slashed` of collateral was burnt.
     */
    event LeaseFaulted(
        uint256 indexed leaseId, uint64 indexed epoch, uint16 fault, uint256 paid, uint256 refunded, uint256 slashed
    );
    /// @notice Emitted when a verdict on `leaseId` in `epoch` changed nothing: the lease was not Active or Closed (or none).
    event VerdictSkipped(uint256 indexed leaseId, uint64 indexed epoch, uint16 fault);
    /// @notice Emitted once per batch: the verdicts of `epoch`, `count` records (skipped ones included).
    event VerdictsRecorded(uint64 indexed epoch, uint256 count);
    /// @notice Emitted when `account` withdrew its balance, `amount`.
    event Withdrawn(address indexed account, uint256 amount);

    IERC20 private immutable _token;
    IDeviceRegistry private immutable _registry;
    IOracleSet private immutable _oracles;

    uint256 private _orderCount;
    uint256 private _bidCount;
    uint256 private _leaseCount;
    /// @dev The first epoch whose verdicts may still be recorded.
    uint64 private _nextVerdictEpoch;
    mapping(uint256 orderId => StoredOrder) private _orders;
    mapping(uint256 bidId => StoredBid) private _bids;
    mapping(uint256 leaseId => StoredLease) private _leases;
    /// @dev Each order's open bids, in no particular order (a withdrawn one's place takes the last).
    mapping(uint256 orderId => uint256[]) private _openBids;
    /// @dev Each device's bid on an order: set while Open, kept once Won or NoShow, cleared otherwise.
    mapping(uint256 orderId => mapping(uint256 deviceId => uint256 bidId)) private _deviceBids;
    mapping(address account => uint256) private _balances;

    /**
     * @param token_ the network's PinionToken (ERC20Burnable): what customers pay, what providers lock,
     * and what slashed collateral burns
     * @param registry_ the network's DeviceRegistry: who owns each device, and whether it is active
     * @param oracleSet_ the oracle set whose quorum records verdicts: the RewardDistributor
     */
    constructor(address token_, address registry_, address oracleSet_) EIP712("Pinion ComputeMarket", "1") {
        if (token_.code.length == 0) revert NotAContract(token_);
        if (registry_.code.length == 0) revert NotAContract(registry_);
        if (oracleSet_.code.length == 0) revert NotAContract(oracleSet_);
        _token = IERC20(token_);
        _registry = IDeviceRegistry(registry_);
        _oracles = IOracleSet(oracleSet_);
    }

    // ───────────────────────────── orders ─────────────────────────────

    /**
     * @dev Posts an order for the workload `specHash` (sha256 of its canonical manifest) needing
     * `resources`, paying at most `maxPricePerSecond` for `durationSeconds` (0: open-ended, until the
     * deposit is spent), taking bids for `biddingSeconds`, and holding each accrual for
     * `approvalWindowSeconds` before the provider is paid it (72 hours is Render's). Pulls `deposit`
     * from the caller with `transferFrom` (approve this contract first); whatever the lease does not
     * spend comes back. The caller is the order's customer. Returns the order's id, from 1 upward.
     *
     * Requirements: a price above 0; CPU and memory above 0; a duration of at most
     * {MAX_DURATION_SECONDS}; windows within their bounds; a deposit of at least `maxPricePerSecond ×
     * durationSeconds` (× {MIN_OPEN_ENDED_SECONDS} when open-ended).
     */
    function postOrder(
        bytes32 specHash,
        Resources calldata resources,
        uint256 maxPricePerSecond,
        uint32 durationSeconds,
        uint256 deposit,
        uint32 biddingSeconds,
        uint32 approvalWindowSeconds
    ) external returns (uint256 orderId) {
        if (maxPricePerSecond == 0) revert ZeroPrice();
        if (resources.cpuMillis == 0 || resources.memoryMiB == 0) {
            revert InvalidResources(resources.cpuMillis, resources.memoryMiB);
        }
        if (durationSeconds > MAX_DURATION_SECONDS) revert InvalidDuration(durationSeconds, MAX_DURATION_SECONDS);
        if (biddingSeconds < MIN_BIDDING_SECONDS || biddingSeconds > MAX_BIDDING_SECONDS) {
            revert InvalidBiddingWindow(biddingSeconds, MIN_BIDDING_SECONDS, MAX_BIDDING_SECONDS);
        }
        if (approvalWindowSeconds < MIN_APPROVAL_WINDOW || approvalWindowSeconds > MAX_APPROVAL_WINDOW) {
            revert InvalidApprovalWindow(approvalWindowSeconds, MIN_APPROVAL_WINDOW, MAX_APPROVAL_WINDOW);
        }
        uint256 covered = durationSeconds == 0 ? MIN_OPEN_ENDED_SECONDS : durationSeconds;
        // maxPricePerSecond × covered ≤ deposit, without the product's overflow.
        if (maxPricePerSecond > deposit / covered) revert InsufficientDeposit(deposit, maxPricePerSecond, covered);

        orderId = ++_orderCount;
        uint64 biddingEndsAt = uint64(block.timestamp) + biddingSeconds;
        StoredOrder storage order = _orders[orderId];
        order.customer = msg.sender;
        order.biddingEndsAt = biddingEndsAt;
        order.durationSeconds = durationSeconds;
        order.biddingSeconds = biddingSeconds;
        order.approvalWindowSeconds = approvalWindowSeconds;
        order.cpuMillis = resources.cpuMillis;
        order.memoryMiB = resources.memoryMiB;
        order.storageMiB = resources.storageMiB;
        order.specHash = specHash;
        order.maxPricePerSecond = maxPricePerSecond;
        order.deposit = deposit;
        emit OrderPosted(
            orderId,
            msg.sender,
            specHash,
            resources.cpuMillis,
            resources.memoryMiB,
            resources.storageMiB,
            maxPricePerSecond,
            durationSeconds,
            deposit,
            biddingEndsAt,
            approvalWindowSeconds
        );
        _token.safeTransferFrom(msg.sender, address(this), deposit);
    }

    /**
     * @dev Withdraws open order `orderId`: its deposit goes to the customer's balance, and each open
     * bid's collateral to its provider's.
     *
     * Requirements: the caller is the order's customer; the order is Open.
     */
    function cancelOrder(uint256 orderId) external {
        StoredOrder storage order = _existingOrder(orderId);
        if (order.customer != msg.sender) revert NotCustomer(orderId, msg.sender);
        _checkOrderState(orderId, order.state, OrderState.Open);
        uint256 refunded = order.deposit;
        order.state = OrderState.Cancelled;
        order.deposit = 0;
        _balances[msg.sender] += refunded;
        emit OrderCancelled(orderId, refunded);
        _closeBids(orderId, 0);
    }

    // ───────────────────────────── bids ─────────────────────────────

    /**
     * @dev Bids `pricePerSecond` on order `orderId` with device `deviceId`, and pulls
     * {BID_COLLATERAL} from the caller with `transferFrom` (approve this contract first). The caller
     * is the bid's provider: if it wins, it runs the lease and is paid for it. Returns the bid's id,
     * from 1 upward across all orders.
     *
     * Requirements: the order is Open and in its bidding window; a price above 0 and at most the
     * order's maximum; the caller owns the device, which is active; the device has no bid on the order
     * (nor failed to start its lease); fewer than {MAX_BIDS_PER_ORDER} open bids.
     */
    function bid(uint256 orderId, uint256 deviceId, uint256 pricePerSecond) external returns (uint256 bidId) {
        StoredOrder storage order = _existingOrder(orderId);
        _checkOrderState(orderId, order.state, OrderState.Open);
        uint64 biddingEndsAt = order.biddingEndsAt;
        if (block.timestamp >= biddingEndsAt) revert BiddingClosed(orderId, biddingEndsAt);
        if (pricePerSecond == 0) revert ZeroPrice();
        uint256 max = order.maxPricePerSecond;
        if (pricePerSecond > max) revert PriceAboveMax(pricePerSecond, max);
        _checkDeviceOwner(deviceId);
        if (!_registry.isActive(deviceId)) revert DeviceNotActive(deviceId);
        uint256 existing = _deviceBids[orderId][deviceId];
        if (existing != 0) revert DeviceAlreadyBid(orderId, deviceId, existing);
        uint256[] storage open = _openBids[orderId];
        uint256 count = open.length;
        if (count >= MAX_BIDS_PER_ORDER) revert TooManyBids(orderId, MAX_BIDS_PER_ORDER);

        bidId = ++_bidCount;
        StoredBid storage stored = _bids[bidId];
        stored.provider = msg.sender;
        // Order ids count up from 1 by one per order: 2^64 orders would take far longer than the chain lives.
        stored.orderId = uint64(orderId);
        // Below MAX_BIDS_PER_ORDER.
        stored.index = uint8(count);
        stored.deviceId = deviceId;
        stored.pricePerSecond = pricePerSecond;
        open.push(bidId);
        _deviceBids[orderId][deviceId] = bidId;
        emit BidPlaced(bidId, orderId, deviceId, msg.sender, pricePerSecond, BID_COLLATERAL);
        _token.safeTransferFrom(msg.sender, address(this), BID_COLLATERAL);
    }

    /**
     * @dev Withdraws open bid `bidId` before a lease forms: its collateral goes to the provider's
     * balance, and the device may bid on the order again.
     *
     * Requirements: the caller is the bid's provider; the bid is Open.
     */
    function withdrawBid(uint256 bidId) external {
        StoredBid storage stored = _existingBid(bidId);
        if (stored.provider != msg.sender) revert NotBidder(bidId, msg.sender);
        _checkBidState(bidId, stored.state, BidState.Open);
        uint256 orderId = stored.orderId;
        uint256[] storage open = _openBids[orderId];
        uint256 last = open[open.length - 1];
        if (last != bidId) {
            uint8 index = stored.index;
            open[index] = last;
            _bids[last].index = index;
        }
        open.pop();
        delete _deviceBids[orderId][stored.deviceId];
        stored.state = BidState.Withdrawn;
        _balances[msg.sender] += BID_COLLATERAL;
        emit BidWithdrawn(bidId, BID_COLLATERAL);
    }

    /**
     * @dev Accepts bid `bidId` on order `orderId`, at any time while the order is open: a lease forms
     * at the bid's price (see {acceptLowest}). Returns the lease's id.
     *
     * Requirements: the caller is the order's customer; the order is Open; the bid is an Open bid on it.
     */
    function acceptBid(uint256 orderId, uint256 bidId) external returns (uint256 leaseId) {
        StoredOrder storage order = _existingOrder(orderId);
        if (order.customer != msg.sender) revert NotCustomer(orderId, msg.sender);
        _checkOrderState(orderId, order.state, OrderState.Open);
        StoredBid storage stored = _existingBid(bidId);
        if (stored.orderId != orderId) revert BidNotInOrder(orderId, bidId);
        _checkBidState(bidId, stored.state, BidState.Open);
        return _formLease(orderId, order, bidId);
    }

    /**
     * @dev Accepts the lowest open bid on order `orderId` once its bidding window is over — the
     * earliest of the lowest on a tie — so an order whose customer is away still leases (Akash's
     * reverse auction). Anyone may call. A lease forms at the bid's price with the order's deposit;
     * every other open bid's collateral goes back to its provider's balance, the winner's stays
     * locked for the lease. Returns the lease's id.
     *
     * Requirements: the order is Open, its bidding window over, with an open bid.
     */
    function acceptLowest(uint256 orderId) external returns (uint256 leaseId) {
        StoredOrder storage order = _existingOrder(orderId);
        _checkOrderState(orderId, order.state, OrderState.Open);
        uint64 biddingEndsAt = order.biddingEndsAt;
        if (block.timestamp < biddingEndsAt) revert BiddingOpen(orderId, biddingEndsAt);
        uint256[] storage open = _openBids[orderId];
        uint256 count = open.length;
        if (count == 0) revert NoBids(orderId);
        uint256 best = open[0];
        uint256 bestPrice = _bids[best].pricePerSecond;
        for (uint256 i = 1; i < count; ++i) {
            uint256 id = open[i];
            uint256 price = _bids[id].pricePerSecond;
            // Bid ids count up: the smaller id bid earlier.
            if (price < bestPrice || (price == bestPrice && id < best)) {
                best = id;
                bestPrice = price;
            }
        }
        return _formLease(orderId, order, best);
    }

    // ───────────────────────────── leases ─────────────────────────────

    /**
     * @dev Starts lease `leaseId`: it accrues its price every second from now, until its duration is
     * up or its deposit spent, unless closed earlier.
     *
     * Requirements: the caller is the lease's provider; the lease is Formed, within {START_WINDOW} of forming.
     */
    function startLease(uint256 leaseId) external {
        StoredLease storage lease = _existingLease(leaseId);
        if (lease.provider != msg.sender) revert NotLeaseProvider(leaseId, msg.sender);
        _checkLeaseFormed(leaseId, lease.state);
        uint64 deadline = lease.formedAt + START_WINDOW;
        if (block.timestamp > deadline) revert StartWindowPassed(leaseId, deadline);
        lease.startedAt = uint64(block.timestamp);
        lease.state = LeaseState.Active;
        emit LeaseStarted(leaseId, uint64(block.timestamp), _endOf(lease));
    }

    /**
     * @dev Claims the no-show of lease `leaseId`, whose provider did not start it within
     * {START_WINDOW}: its collateral is burnt and its order re-opens for a new bidding window with the
     * whole deposit, the device that did not show barred from it. Anyone may call.
     *
     * The order re-opens rather than closing, as Akash re-lists: the customer wanted the work done
     * and need not act again, and {cancelOrder} gives the deposit back at once if it no longer does.
     *
     * Requirements: the lease is Formed and its start window over.
     */
    function claimNoShow(uint256 leaseId) external {
        StoredLease storage lease = _existingLease(leaseId);
        _checkLeaseFormed(leaseId, lease.state);
        uint64 deadline = lease.formedAt + START_WINDOW;
        if (block.timestamp <= deadline) revert StartWindowOpen(leaseId, deadline);
        uint256 orderId = lease.orderId;
        StoredOrder storage order = _orders[orderId];
        uint64 biddingEndsAt = uint64(block.timestamp) + order.biddingSeconds;
        lease.state = LeaseState.NoShow;
        _bids[lease.bidId].state = BidState.NoShow;
        order.state = OrderState.Open;
        order.deposit = lease.deposit;
        order.biddingEndsAt = biddingEndsAt;
        emit LeaseNoShow(leaseId, BID_COLLATERAL);
        emit OrderReopened(orderId, biddingEndsAt);
        ERC20Burnable(address(_token)).burn(BID_COLLATERAL);
    }

    /**
     * @dev Approves lease `leaseId`'s accruals up to `upTo` (a time): they are the provider's at once,
     * without waiting for the approval window, and the lease is settled.
     *
     * Requirements: the caller is the lease's customer; the lease is Active or Closed; `upTo` is not
     * after the time it has accrued until.
     */
    function approve(uint256 leaseId, uint64 upTo) external {
        StoredLease storage lease = _existingLease(leaseId);
        if (lease.customer != msg.sender) revert NotLeaseCustomer(leaseId, msg.sender);
        _checkLeaseRunning(leaseId, lease.state);
        uint256 stop = _stopOf(lease);
        if (upTo > stop) revert ApprovalBeyondAccrual(leaseId, upTo, stop);
        if (upTo > lease.approvedUntil) {
            lease.approvedUntil = upTo;
            emit LeaseApproved(leaseId, upTo);
        }
        _settle(leaseId, lease);
    }

    /**
     * @dev Settles lease `leaseId`, as anyone may: a lease whose duration is up or deposit spent
     * closes (the unspent deposit to the customer's balance); the accruals released since the last
     * settlement — older than the approval window, or approved — go to the provider's balance; and a
     * closed lease whose every accrual is paid returns its collateral to the provider (Finalized).
     *
     * Requirements: the lease is Active or Closed.
     */
    function settle(uint256 leaseId) external {
        StoredLease storage lease = _existingLease(leaseId);
        _checkLeaseRunning(leaseId, lease.state);
        _settle(leaseId, lease);
    }

    /**
     * @dev Closes lease `leaseId`, as either side may at any time: accrual stops now (or at its end,
     * if that came first), the unspent deposit goes to the customer's balance, and the accruals still
     * held are released as usual — the collateral goes back to the provider once they all are. The
     * customer may also close a lease its provider has not started: the deposit comes back whole and
     * the collateral goes back too (the provider did nothing wrong).
     *
     * Requirements: the caller is the lease's customer or provider; the lease is Active, or Formed
     * for its customer.
     */
    function closeLease(uint256 leaseId) external {
        StoredLease storage lease = _existingLease(leaseId);
        CloseReason reason;
        if (msg.sender == lease.customer) reason = CloseReason.Customer;
        else if (msg.sender == lease.provider) reason = CloseReason.Provider;
        else revert NotLeaseParty(leaseId, msg.sender);
        LeaseState state = lease.state;
        if (state == LeaseState.Formed && reason == CloseReason.Customer) {
            uint256 refunded = lease.deposit;
            lease.state = LeaseState.Finalized;
            _balances[msg.sender] += refunded;
            _balances[lease.provider] += BID_COLLATERAL;
            emit LeaseClosed(leaseId, reason, block.timestamp, refunded);
            emit LeaseFinalized(leaseId, BID_COLLATERAL);
            return;
        }
        if (state != LeaseState.Active) revert UnexpectedLeaseState(leaseId, state);
        uint256 end = _endOf(lease);
        if (block.timestamp < end) _close(leaseId, lease, block.timestamp, reason);
        _settle(leaseId, lease);
    }

    // ───────────────────────────── verdicts ─────────────────────────────

    /**
     * @dev Records the oracles' verdicts of `epoch`: for each of `records` (in strictly ascending
     * lease id order), whether the lease's sampled work was verified (`fault` 0) or faulted, as a
     * quorum of the current oracle set signed it (EIP-712 `LeaseVerdicts(uint64 epoch,uint32 version,
     * bytes32 recordsHash)` in the "Pinion ComputeMarket" domain, recordsHash = {hashRecords};
     * signatures as {OracleQuorum} reads them). Anyone may submit.
     *
     * A verdict on an Active or Closed lease: verified counts an epoch; a fault pays the provider the
     * accruals already released, gives the customer back every other accrual and the unspent deposit,
     * burns the collateral (one burn for the batch), and leaves the lease Faulted. A verdict on any
     * other lease (Formed, over, or no lease at all) is skipped: reverting would block every later
     * batch for one stale record.
     *
     * Epochs come in order: after a batch for `epoch`, only a later epoch's is taken, so no batch
     * counts twice. Which epoch the verdicts are for is the quorum's word.
     *
     * Requirements: `epoch` is at or after {nextVerdictEpoch}; `version` is the oracle set's current
     * version; a quorum of distinct current oracles signed; lease ids strictly ascend.
     */
    function recordVerdicts(uint64 epoch, uint32 version, Verdict[] calldata records, bytes calldata signatures)
        external
    {
        uint64 next = _nextVerdictEpoch;
        if (epoch < next) revert EpochAlreadyRecorded(epoch, next);
        uint32 currentVersion = _oracles.oracleSetVersion();
        if (version != currentVersion) revert StaleOracleSetVersion(version, currentVersion);
        OracleQuorum.check(_oracles, leaseVerdictsDigest(epoch, version, hashRecords(records)), signatures);
        _nextVerdictEpoch = epoch + 1;

        uint256 burnt = 0;
        uint256 previous = 0;
        for (uint256 i = 0; i < records.length; ++i) {
            uint256 leaseId = records[i].leaseId;
            if (leaseId <= previous) revert RecordsNotAscending(previous, leaseId);
            previous = leaseId;
            burnt += _verdict(leaseId, epoch, records[i].fault);
        }
        emit VerdictsRecorded(epoch, records.length);
        // One burn for the whole batch's slashed collateral.
        if (burnt != 0) ERC20Burnable(address(_token)).burn(burnt);
    }

    /// @notice `keccak256(abi.encode(records))`: what a LeaseVerdicts message signs for its records.
    function hashRecords(Verdict[] calldata records) public pure returns (bytes32) {
        return keccak256(abi.encode(records));
    }

    /// @notice The EIP-712 digest the oracles sign to record the verdicts of `epoch` hashing to `recordsHash`.
    function leaseVerdictsDigest(uint64 epoch, uint32 version, bytes32 recordsHash) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(_LEASE_VERDICTS_TYPEHASH, epoch, version, recordsHash)));
    }

    // ───────────────────────────── payments ─────────────────────────────

    /**
     * @dev Pays the caller its whole balance: a provider's pay and returned collateral, a customer's
     * refunds. Settle a lease first ({settle}) to move its released pay into the balance.
     *
     * Requirements: the balance is not zero.
     */
    function withdraw() external {
        uint256 amount = _balances[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        _balances[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @notice Everything about order `orderId` (see {Order}). Reverts with {UnknownOrder} for no order.
    function orderOf(uint256 orderId) external view returns (Order memory) {
        StoredOrder storage order = _existingOrder(orderId);
        return Order({
            customer: order.customer,
            specHash: order.specHash,
            resources: Resources(order.cpuMillis, order.memoryMiB, order.storageMiB),
            maxPricePerSecond: order.maxPricePerSecond,
            durationSeconds: order.durationSeconds,
            biddingSeconds: order.biddingSeconds,
            approvalWindowSeconds: order.approvalWindowSeconds,
            state: order.state,
            biddingEndsAt: order.biddingEndsAt,
            deposit: order.deposit,
            leaseId: order.leaseId,
            openBids: _openBids[orderId].length
        });
    }

    /// @notice Everything about bid `bidId` (see {Bid}). Reverts with {UnknownBid} for no bid.
    function bidOf(uint256 bidId) external view returns (Bid memory) {
        StoredBid storage stored = _existingBid(bidId);
        return Bid({
            orderId: stored.orderId,
            deviceId: stored.deviceId,
            provider: stored.provider,
            pricePerSecond: stored.pricePerSecond,
            state: stored.state,
            collateralLocked: stored.state == BidState.Open ? BID_COLLATERAL : 0
        });
    }

    /// @notice Order `orderId`'s open bids, by id, in no particular order. Reverts with {UnknownOrder} for no order.
    function bidsOf(uint256 orderId) external view returns (uint256[] memory) {
        _existingOrder(orderId);
        return _openBids[orderId];
    }

    /// @notice Everything about lease `leaseId` as of now (see {Lease}). Reverts with {UnknownLease} for no lease.
    function leaseOf(uint256 leaseId) external view returns (Lease memory view_) {
        StoredLease storage lease = _existingLease(leaseId);
        LeaseState state = lease.state;
        view_.orderId = lease.orderId;
        view_.bidId = lease.bidId;
        view_.deviceId = _bids[lease.bidId].deviceId;
        view_.customer = lease.customer;
        view_.provider = lease.provider;
        view_.pricePerSecond = lease.pricePerSecond;
        view_.state = state;
        view_.formedAt = lease.formedAt;
        view_.startedAt = lease.startedAt;
        view_.approvedUntil = lease.approvedUntil;
        view_.approvalWindowSeconds = lease.approvalWindowSeconds;
        view_.verifiedEpochs = lease.verifiedEpochs;
        view_.deposit = lease.deposit;
        view_.paid = lease.paid;
        if (lease.startedAt != 0) {
            view_.endsAt = state == LeaseState.Active ? _endOf(lease) : lease.stoppedAt;
            view_.accrued = _accruedUntil(lease, _stopOf(lease));
        }
        if (state == LeaseState.Formed || state == LeaseState.Active) {
            view_.escrowLeft = lease.deposit - lease.paid;
        } else if (state == LeaseState.Closed) {
            view_.escrowLeft = view_.accrued - lease.paid;
        }
        if (state == LeaseState.Active || state == LeaseState.Closed) {
            view_.releasable = _releasable(lease, _stopOf(lease));
        }
        if (state == LeaseState.Formed || state == LeaseState.Active || state == LeaseState.Closed) {
            view_.collateralLocked = BID_COLLATERAL;
        }
    }

    /**
     * @notice What {settle} would pay lease `leaseId`'s provider now: the accruals released (older
     * than the approval window, or approved) and not paid yet. 0 unless the lease is Active or Closed.
     */
    function releasable(uint256 leaseId) external view returns (uint256) {
        StoredLease storage lease = _existingLease(leaseId);
        LeaseState state = lease.state;
        if (state != LeaseState.Active && state != LeaseState.Closed) return 0;
        return _releasable(lease, _stopOf(lease));
    }

    /// @notice What lease `leaseId` has accrued since its start, as of now: price × seconds it ran (0 if it never started).
    function accrued(uint256 leaseId) external view returns (uint256) {
        StoredLease storage lease = _existingLease(leaseId);
        if (lease.startedAt == 0) return 0;
        return _accruedUntil(lease, _stopOf(lease));
    }

    /// @notice What `account` can {withdraw}.
    function balanceOf(address account) external view returns (uint256) {
        return _balances[account];
    }

    /// @notice The first epoch whose verdicts {recordVerdicts} still takes.
    function nextVerdictEpoch() external view returns (uint64) {
        return _nextVerdictEpoch;
    }

    /// @notice How many orders were posted: the ids are 1 to this.
    function orderCount() external view returns (uint256) {
        return _orderCount;
    }

    /// @notice How many bids were placed: the ids are 1 to this.
    function bidCount() external view returns (uint256) {
        return _bidCount;
    }

    /// @notice How many leases formed: the ids are 1 to this.
    function leaseCount() external view returns (uint256) {
        return _leaseCount;
    }

    /// @notice The network's token.
    function token() external view returns (address) {
        return address(_token);
    }

    /// @notice The network's device registry.
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @notice The oracle set whose quorum records verdicts (the RewardDistributor).
    function oracleSet() external view returns (address) {
        return address(_oracles);
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev Forms a lease of `orderId` from its open bid `winner`; every other open bid loses.
    function _formLease(uint256 orderId, StoredOrder storage order, uint256 winner) private returns (uint256 leaseId) {
        StoredBid storage won = _bids[winner];
        leaseId = ++_leaseCount;
        StoredLease storage lease = _leases[leaseId];
        address provider = won.provider;
        uint256 price = won.pricePerSecond;
        lease.provider = provider;
        lease.customer = order.customer;
        lease.formedAt = uint64(block.timestamp);
        lease.approvalWindowSeconds = order.approvalWindowSeconds;
        lease.durationSeconds = order.durationSeconds;
        // An order id, so below 2^64 (see bid).
        lease.orderId = uint64(orderId);
        lease.bidId = winner;
        lease.pricePerSecond = price;
        lease.deposit = order.deposit;
        won.state = BidState.Won;
        order.state = OrderState.Leased;
        order.deposit = 0;
        order.leaseId = leaseId;
        emit LeaseFormed(leaseId, orderId, winner, provider, price);
        _closeBids(orderId, winner);
    }

    /**
     * @dev Ends the round of bidding on `orderId`: each open bid but `winner` (0: none) is Lost, its
     * collateral to its provider's balance and its device free to bid on the order again.
     */
    function _closeBids(uint256 orderId, uint256 winner) private {
        uint256[] storage open = _openBids[orderId];
        uint256 count = open.length;
        for (uint256 i = 0; i < count; ++i) {
            uint256 id = open[i];
            if (id == winner) continue;
            StoredBid storage lost = _bids[id];
            lost.state = BidState.Lost;
            delete _deviceBids[orderId][lost.deviceId];
            _balances[lost.provider] += BID_COLLATERAL;
            emit BidLost(id, BID_COLLATERAL);
        }
        delete _openBids[orderId];
    }

    /**
     * @dev Settles started, not faulted `lease`: closes it if its end has come, pays the provider
     * what was released and not paid yet, and finalizes it once closed and paid in full.
     */
    function _settle(uint256 leaseId, StoredLease storage lease) private {
        if (lease.state == LeaseState.Active) {
            uint256 end = _endOf(lease);
            if (block.timestamp >= end) {
                uint256 duration = lease.durationSeconds;
                // The end is the duration's unless the deposit ran out first (always so when open-ended).
                bool timeUp = duration != 0 && end == lease.startedAt + duration;
                _close(leaseId, lease, end, timeUp ? CloseReason.TimeUp : CloseReason.Depleted);
            }
        }
        uint256 stop = _stopOf(lease);
        uint256 amount = _releasable(lease, stop);
        address provider = lease.provider;
        if (amount != 0) {
            lease.paid += amount;
            _balances[provider] += amount;
            emit LeaseSettled(leaseId, amount, _releasedUntil(lease, stop));
        }
        if (lease.state == LeaseState.Closed && lease.paid == _accruedUntil(lease, stop)) {
            lease.state = LeaseState.Finalized;
            _balances[provider] += BID_COLLATERAL;
            emit LeaseFinalized(leaseId, BID_COLLATERAL);
        }
    }

    /// @dev Stops Active `lease`'s accrual at `stop` (at most its end) and refunds the unspent deposit.
    function _close(uint256 leaseId, StoredLease storage lease, uint256 stop, CloseReason reason) private {
        // A time, so below 2^64.
        lease.stoppedAt = uint64(stop);
        lease.state = LeaseState.Closed;
        uint256 refunded = lease.deposit - _accruedUntil(lease, stop);
        _balances[lease.customer] += refunded;
        emit LeaseClosed(leaseId, reason, stop, refunded);
    }

    /// @dev Records one verdict on `leaseId`; returns the collateral it burns.
    function _verdict(uint256 leaseId, uint64 epoch, uint16 fault) private returns (uint256 burnt) {
        StoredLease storage lease = _leases[leaseId];
        LeaseState state = lease.state;
        // An unknown lease reads as Formed (the enum's zero): skipped too.
        if (state != LeaseState.Active && state != LeaseState.Closed) {
            emit VerdictSkipped(leaseId, epoch, fault);
            return 0;
        }
        if (fault == 0) {
            uint32 verified = lease.verifiedEpochs + 1;
            lease.verifiedEpochs = verified;
            emit LeaseVerified(leaseId, epoch, verified);
            return 0;
        }
        uint256 stop = _stopOf(lease);
        uint256 paid = _releasable(lease, stop);
        uint256 paidBefore = lease.paid;
        // What the lease still holds: its deposit not paid out while Active; its accruals not paid
        // out once Closed (the unspent deposit went back at the close).
        uint256 held = state == LeaseState.Active ? lease.deposit : _accruedUntil(lease, stop);
        uint256 refunded = held - paidBefore - paid;
        // A time, so below 2^64.
        lease.stoppedAt = uint64(stop);
        lease.state = LeaseState.Faulted;
        lease.paid = paidBefore + paid;
        if (paid != 0) _balances[lease.provider] += paid;
        _balances[lease.customer] += refunded;
        emit LeaseFaulted(leaseId, epoch, fault, paid, refunded, BID_COLLATERAL);
        return BID_COLLATERAL;
    }

    /**
     * @dev When started `lease` stops accruing: when it stopped (Closed or Faulted), or now, or its
     * end if that came first (an Active lease past its end accrues no more, settled or not).
     */
    function _stopOf(StoredLease storage lease) private view returns (uint256) {
        LeaseState state = lease.state;
        if (state != LeaseState.Active) return lease.stoppedAt;
        uint256 end = _endOf(lease);
        return block.timestamp < end ? block.timestamp : end;
    }

    /**
     * @dev When started `lease`'s accrual ends if nobody closes it: after its duration, or when its
     * deposit is spent if sooner (always the case when open-ended). No overflow: the deposit is
     * below the token's cap (2^192), so its seconds of price are too.
     */
    function _endOf(StoredLease storage lease) private view returns (uint256) {
        uint256 affordable = lease.deposit / lease.pricePerSecond;
        uint256 duration = lease.durationSeconds;
        return lease.startedAt + (duration != 0 && duration < affordable ? duration : affordable);
    }

    /// @dev What `lease` accrued from its start until `until` (its stop or before): price × seconds, at most its deposit.
    function _accruedUntil(StoredLease storage lease, uint256 until) private view returns (uint256) {
        uint256 start = lease.startedAt;
        return until > start ? lease.pricePerSecond * (until - start) : 0;
    }

    /// @dev Until when `lease`'s accruals are released, given it stops at `stop`: approved, or older than the window.
    function _releasedUntil(StoredLease storage lease, uint256 stop) private view returns (uint256) {
        uint256 window = lease.approvalWindowSeconds;
        uint256 aged = block.timestamp > window ? block.timestamp - window : 0;
        uint256 approved = lease.approvedUntil;
        uint256 until = approved > aged ? approved : aged;
        return until < stop ? until : stop;
    }

    /// @dev What `lease` released and did not pay yet, given it stops at `stop`.
    function _releasable(StoredLease storage lease, uint256 stop) private view returns (uint256) {
        return _accruedUntil(lease, _releasedUntil(lease, stop)) - lease.paid;
    }

    /// @dev The stored order `orderId`; reverts with {UnknownOrder} unless it was posted.
    function _existingOrder(uint256 orderId) private view returns (StoredOrder storage order) {
        order = _orders[orderId];
        if (order.customer == address(0)) revert UnknownOrder(orderId);
    }

    /// @dev The stored bid `bidId`; reverts with {UnknownBid} unless it was placed.
    function _existingBid(uint256 bidId) private view returns (StoredBid storage stored) {
        stored = _bids[bidId];
        if (stored.provider == address(0)) revert UnknownBid(bidId);
    }

    /// @dev The stored lease `leaseId`; reverts with {UnknownLease} unless it formed.
    function _existingLease(uint256 leaseId) private view returns (StoredLease storage lease) {
        lease = _leases[leaseId];
        if (lease.customer == address(0)) revert UnknownLease(leaseId);
    }

    /// @dev Reverts unless `orderId`'s `state` is `expected`.
    function _checkOrderState(uint256 orderId, OrderState state, OrderState expected) private pure {
        if (state != expected) revert UnexpectedOrderState(orderId, state, expected);
    }

    /// @dev Reverts unless `bidId`'s `state` is `expected`.
    function _checkBidState(uint256 bidId, BidState state, BidState expected) private pure {
        if (state != expected) revert UnexpectedBidState(bidId, state, expected);
    }

    /// @dev Reverts unless `leaseId`'s `state` is Formed.
    function _checkLeaseFormed(uint256 leaseId, LeaseState state) private pure {
        if (state != LeaseState.Formed) revert UnexpectedLeaseState(leaseId, state);
    }

    /// @dev Reverts unless `leaseId`'s `state` is Active or Closed: started, and its pay not all settled.
    function _checkLeaseRunning(uint256 leaseId, LeaseState state) private pure {
        if (state != LeaseState.Active && state != LeaseState.Closed) revert UnexpectedLeaseState(leaseId, state);
    }

    /// @dev Reverts unless the caller owns `deviceId`; nobody owns a device that does not exist (any more).
    function _checkDeviceOwner(uint256 deviceId) private view {
        try IERC721(address(_registry)).ownerOf(deviceId) returns (address owner) {
            if (owner == msg.sender) return;
        } catch {}
        revert NotDeviceOwner(deviceId, msg.sender);
    }
}
