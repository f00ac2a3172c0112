// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @dev The network's stake: tokens bonded for devices, for operators (with delegation) and for
 * oracles, slashed by quorum-signed orders with evidence after a dispute window (devices and
 * operators) or at once by a cryptographic proof (an oracle that signed two roots for one epoch).
 * See {Staking} for the rules; this file holds the types, errors and events the oracle's follower,
 * the CLI and the SDK read.
 */
interface IStaking {
    /// @notice What a stake is bonded for. A slash order names a device or an operator; oracles are
    /// slashed only for equivocation.
    enum SubjectType {
        Device,
        Operator,
        Oracle
    }

    /// @notice Where a slash order stands.
    enum SlashStatus {
        /// Never proposed.
        None,
        /// Proposed; executable once its dispute window has passed, unless appealed or vetoed first.
        Pending,
        /// Appealed by the subject's owner in the window: waits for governance's {resolveAppeal}.
        Appealed,
        /// Governance upheld the appeal's order: executable once its dispute window has passed.
        Upheld,
        /// Vetoed by the guardian or governance: final.
        Vetoed,
        /// Governance found for the appellant: final.
        Rejected,
        /// Executed: final.
        Executed
    }

    /**
     * @notice The values a quorum of the current oracle set signs (EIP-712 `SlashOrder`) to punish a
     * device or an operator.
     */
    struct SlashOrder {
        /// The epoch whose work the punishment is for.
        uint64 epoch;
        /// The oracle set's version the signatures were made under (`oracleSetVersion()`).
        uint32 version;
        /// 0: a device, 1: an operator ({SubjectType}).
        uint8 subjectType;
        /// The device's id, or the operator's address (as a uint256, left-padded).
        bytes32 subject;
        /// The most to take; less is taken when less is staked.
        uint256 amount;
        /// The qualified reason code (`"wireless.BEACON_REPLAY"`), as a left-aligned bytes32 string.
        bytes32 reason;
        /// A hash of the published evidence (the reports and verdicts), for anyone to check.
        bytes32 evidenceHash;
    }

    /// @notice The governed settings, as the constructor takes them.
    struct Config {
        /// Where slashed stake goes unless it is burnt (the timelock by default).
        address treasury;
        /// Seconds between an unbonding and its withdrawal (at most MAX_UNBONDING_PERIOD).
        uint64 unbondingPeriod;
        /// Seconds between a slash order's proposal and its execution (at most MAX_SLASH_DISPUTE_WINDOW).
        uint64 slashDisputeWindow;
        /// Burn slashed stake instead of sending it to the treasury.
        bool burnSlashed;
    }

    /// @notice A proposed slash order, as stored (its id is the order's EIP-712 digest), in two slots.
    struct Slash {
        SlashStatus status;
        SubjectType subjectType;
        /// When the dispute window ends (unix seconds).
        uint64 executableAt;
        /// The order's amount, at most 2^176 - 1 (about 10^35 tokens of 18 decimals, far above any
        /// real supply): an order for more takes at most that.
        uint176 amount;
        bytes32 subject;
    }

    /// @notice An operator's pool: its own and its delegators' bonded tokens, and the shares they hold.
    struct OperatorStake {
        /// Bonded tokens of the pool (self-bond and delegations): what the oracle counts.
        uint256 tokens;
        /// Shares of the pool, held by the operator and its delegators.
        uint256 shares;
        /// The operator's own shares (its self-bond).
        uint256 selfShares;
        /// What the operator's own shares are worth, rounded down.
        uint256 selfTokens;
        /// Tokens unbonding from the pool, slashable until withdrawn.
        uint256 unbonding;
    }

    /// @notice One unbonding of an account from a subject, as it is worth now.
    struct Unbonding {
        uint256 amount;
        uint64 availableAt;
    }

    /// @notice An operator's commission: `current` now, and a raise to `pending` from `pendingAt` (zero: none).
    struct Commission {
        uint16 current;
        uint16 pending;
        uint64 pendingAt;
    }

    // ───────────────────────────── errors ─────────────────────────────

    /// @notice A constructor argument is not a contract.
    error NotAContract(address account);
    /// @notice The treasury given is the zero address.
    error InvalidTreasury(address treasury);
    /// @notice An amount (or a number of shares) of zero was given.
    error ZeroAmount();
    /// @notice `caller` is not the current owner of `deviceId`.
    error NotDeviceOwner(uint256 deviceId, address caller);
    /// @notice `requested` exceeds the `bonded` tokens of the subject.
    error InsufficientStake(SubjectType subjectType, bytes32 subject, uint256 bonded, uint256 requested);
    /// @notice `delegator` holds `held` shares of `operator`'s pool, fewer than `requested`.
    error InsufficientShares(address operator, address delegator, uint256 held, uint256 requested);
    /// @notice `shares` of the pool are worth nothing now (after slashes): nothing would be unbonded.
    error SharesWorthNothing(address operator, uint256 shares);
    /// @notice `operator` has no self-bond: nobody may delegate to it.
    error NotAnOperator(address operator);
    /// @notice `account` has nothing that finished unbonding from the subject.
    error NothingToWithdraw(SubjectType subjectType, bytes32 subject, address account);
    /// @notice The earliest of `account`'s unbondings from the subject is withdrawable from `availableAt`.
    error UnbondingNotFinished(SubjectType subjectType, bytes32 subject, address account, uint64 availableAt);
    /// @notice The subject has `pendingSlashes` slash orders pending: its unbonding stake stays until they are settled.
    error WithdrawalFrozen(SubjectType subjectType, bytes32 subject, uint256 pendingSlashes);
    /// @notice A commission above 100% (`maxBps`).
    error InvalidCommission(uint256 commissionBps, uint256 maxBps);
    /// @notice An unbonding period above `maximum` seconds (MAX_UNBONDING_PERIOD).
    error InvalidUnbondingPeriod(uint64 unbondingPeriod, uint64 maximum);
    /// @notice A slash dispute window above `maximum` seconds (MAX_SLASH_DISPUTE_WINDOW).
    error InvalidSlashDisputeWindow(uint64 slashDisputeWindow, uint64 maximum);
    /// @notice A kind name that is empty or longer than MAX_KIND_LENGTH bytes.
    error InvalidKind(string kind);
    /// @notice The constructor's minimum kinds and amounts differ in length.
    error MinimumsLengthMismatch(uint256 kinds, uint256 amounts);
    /// @notice A slash order's subject type is neither a device (0) nor an operator (1).
    error InvalidSubjectType(uint8 subjectType);
    /// @notice An operator subject that is not a left-padded address.
    error InvalidSubject(uint8 subjectType, bytes32 subject);
    /// @notice A slash order without an evidence hash.
    error SlashWithoutEvidence();
    /// @notice A slash order without a reason code.
    error SlashWithoutReason();
    /// @notice A slash order signed under another oracle-set version than the current one.
    error StaleOracleSetVersion(uint32 version, uint32 currentVersion);
    /// @notice The order `id` was proposed before (whatever became of it).
    error SlashAlreadyProposed(bytes32 id);
    /// @notice The order `id` is not pending (never proposed, or already settled).
    error SlashNotPending(bytes32 id);
    /// @notice The order `id` cannot be executed before `executableAt`.
    error SlashNotReady(bytes32 id, uint64 executableAt);
    /// @notice The order `id` waits for governance's decision on its appeal.
    error SlashUnderAppeal(bytes32 id);
    /// @notice The order `id`'s dispute window closed at `executableAt`: it can no longer be appealed or vetoed.
    error SlashWindowClosed(bytes32 id, uint64 executableAt);
    /// @notice The order `id` is not under appeal.
    error SlashNotAppealed(bytes32 id);
    /// @notice `caller` does not own the subject of the order `id` (the device's owner, or the operator).
    error NotSubjectOwner(bytes32 id, address caller);
    /// @notice Two roots offered as an equivocation are for different epochs.
    error EquivocationEpochsDiffer(uint64 epochA, uint64 epochB);
    /// @notice Two roots offered as an equivocation were signed under different versions.
    error EquivocationVersionsDiffer(uint32 versionA, uint32 versionB);
    /// @notice The two roots offered as an equivocation are the same values.
    error EquivocationRootsIdentical(bytes32 digest);
    /// @notice The two signatures offered as an equivocation are by different signers.
    error EquivocationSignersDiffer(address signerA, address signerB);
    /// @notice `oracle` was already proven to equivocate: its stake is gone and it may not bond again.
    error EquivocationAlreadyProven(address oracle);

    // ───────────────────────────── events ─────────────────────────────

    /// @notice `owner` bonded `amount` for `deviceId`, whose bonded stake is now `total`.
    event DeviceBonded(uint256 indexed deviceId, address indexed owner, uint256 amount, uint256 total);
    /// @notice `owner` unbonded `amount` of `deviceId`'s stake, now `total`; withdrawable from `availableAt`.
    event DeviceUnbonded(
        uint256 indexed deviceId, address indexed owner, uint256 amount, uint256 total, uint64 availableAt
    );
    /**
     * @notice `delegator` bonded `amount` with `operator` (its self-bond when they are the same) for
     * `shares`, and now holds `delegatorShares`; the pool holds `totalTokens` for `totalShares`.
     */
    event Delegated(
        address indexed operator,
        address indexed delegator,
        uint256 amount,
        uint256 shares,
        uint256 delegatorShares,
        uint256 totalTokens,
        uint256 totalShares
    );
    /**
     * @notice `delegator` unbonded `shares` (worth `amount`) from `operator`'s pool and holds
     * `delegatorShares`; the pool holds `totalTokens` for `totalShares`; withdrawable from `availableAt`.
     */
    event Undelegated(
        address indexed operator,
        address indexed delegator,
        uint256 shares,
        uint256 amount,
        uint256 delegatorShares,
        uint256 totalTokens,
        uint256 totalShares,
        uint64 availableAt
    );
    /// @notice `oracle` bonded `amount`; its bonded stake is now `total`.
    event OracleBonded(address indexed oracle, uint256 amount, uint256 total);
    /// @notice `oracle` unbonded `amount`; its bonded stake is now `total`; withdrawable from `availableAt`.
    event OracleUnbonded(address indexed oracle, uint256 amount, uint256 total, uint64 availableAt);
    /// @notice `account` withdrew `amount` that finished unbonding from the subject.
    event StakeWithdrawn(
        SubjectType indexed subjectType, bytes32 indexed subject, address indexed account, uint256 amount
    );
    /**
     * @notice `operator`'s commission is `commissionBps` from `effectiveAt` (a cut: now; a raise: one
     * unbonding period later). It replaces any change of the operator's not yet in effect.
     */
    event CommissionChanged(address indexed operator, uint16 commissionBps, uint64 effectiveAt);
    /// @notice Governance set the minimum stake of `kind`.
    event MinimumStakeSet(string kind, uint256 amount);
    /// @notice Governance set the unbonding period of unbondings from now on.
    event UnbondingPeriodChanged(uint64 unbondingPeriod);
    /// @notice Governance set the dispute window of slash orders proposed from now on.
    event SlashDisputeWindowChanged(uint64 slashDisputeWindow);
    /// @notice Governance chose whether slashed stake is burnt (true) or sent to the treasury.
    event BurnSlashedChanged(bool burnSlashed);
    /// @notice Governance set where slashed stake goes when it is not burnt.
    event TreasuryChanged(address treasury);
    /// @notice A quorum-signed order to slash up to `amount` of the subject was proposed; executable from `executableAt`.
    event SlashProposed(
        bytes32 indexed id,
        SubjectType subjectType,
        bytes32 indexed subject,
        uint64 indexed epoch,
        uint256 amount,
        bytes32 reason,
        bytes32 evidenceHash,
        uint64 executableAt
    );
    /// @notice The subject's owner `by` appealed the order `id`: it waits for governance.
    event SlashAppealed(bytes32 indexed id, address indexed by);
    /// @notice `by` (the guardian or governance) vetoed the order `id`.
    event SlashVetoed(bytes32 indexed id, address indexed by);
    /// @notice Governance decided the appeal of `id`: `upheld` (the order stands) or not (rejected).
    event SlashAppealResolved(bytes32 indexed id, bool upheld);
    /**
     * @notice The order `id` took `fromBonded + fromUnbonding` of the subject's stake (burnt, or sent
     * to the treasury); the subject's stake is now `bonded`, with `unbonding` still unbonding.
     */
    event SlashExecuted(
        bytes32 indexed id,
        SubjectType subjectType,
        bytes32 indexed subject,
        uint256 fromBonded,
        uint256 fromUnbonding,
        uint256 bonded,
        uint256 unbonding,
        bool burnt
    );
    /// @notice `oracle` was proven to have signed two roots for `epoch`: all its stake was taken.
    event OracleSlashed(address indexed oracle, uint64 indexed epoch, uint256 fromBonded, uint256 fromUnbonding, bool burnt);
}
