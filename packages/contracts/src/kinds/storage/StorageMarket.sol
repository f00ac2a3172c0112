// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SSTORE2} from "solady/src/utils/SSTORE2.sol";
import {IDeviceRegistry} from "../../interfaces/IDeviceRegistry.sol";
import {IOracleSet} from "../../interfaces/IOracleSet.sol";
import {OracleQuorum} from "../../libraries/OracleQuorum.sol";
import {PieceProofs} from "../../libraries/PieceProofs.sol";

/**
 * @dev The market of the `storage` kind: a customer pays a storage provider — a registered device,
 * run by its owner — to keep a data set of pieces for a number of proving periods, and the provider
 * locks collateral that faults eat into. Filecoin's PDP and its warm storage service (FWSS) are the
 * model: a deal's pieces are a PDP data set (the deal id is its data set id), the oracles check each
 * period's proofs off chain with the protocol package's pdp module, and a quorum of them records on
 * chain, period by period, which deals proved and which faulted ({recordPeriods}). Pinion's proving
 * period is one network epoch.
 *
 * A deal's life: the customer proposes it ({proposeDeal}), paying every period in advance into
 * escrow; the device's owner accepts it ({acceptDeal}), locking the collateral, and becomes its
 * provider; each recorded period then
 * - proven: pays the period's price from the escrow to the provider (FWSS pays proven periods);
 * - faulted: gives the period's price back to the customer (FWSS settles a faulted period at zero)
 *   and burns a fault fee from the collateral, as Filecoin burns a faulty sector's fault fee each
 *   day (`actors/miner/src/monies.rs`). FWSS itself takes no collateral: its provider's only loss is
 *   the unpaid period, too little to deter a provider that lost the data.
 * A deal whose every period was recorded is Completed: the provider takes its collateral back. One
 * with {DealTerms.maxConsecutiveFaults} faults in a row is Terminated: the escrow of the periods left
 * goes back to the customer and the collateral left is burnt (Filecoin's market actor burns all the
 * provider collateral of a deal whose sector was terminated, `process_slashed_deal`). The customer
 * may withdraw a proposal nobody accepted ({cancelDeal}) and end an active deal at any time
 * ({endDeal}, `pinion storage rm`): the periods not recorded yet are refunded, the period in progress
 * included (the oracles record whole periods only), and the provider takes its collateral left back.
 *
 * Escrow and collateral are in the network's token, not in credits: credits are burn-only by design
 * (burn-and-mint: nothing pays them out), and a deal's escrow must be able to refund what it did not
 * pay — a cancelled proposal, a faulted period, the periods after an end or a termination. FilecoinPay
 * rails (FWSS's payments) and Akash's escrow hold tokens too.
 *
 * Payments are pulled: what the market owes — a provider's pay and returned collateral, a customer's
 * refunds — goes to a balance ({balanceOf}) that its owner {withdraw}s, so a batch of records never
 * transfers anything, and nobody's account can hold up anybody else's payment.
 *
 * A deal's pieces never change, so they are written once as the code of a data contract (Solady's
 * SSTORE2, 41 bytes a piece) rather than in storage slots: about 200 gas a byte instead of two fresh
 * slots (44,200 gas) a piece. {checkPossession} reads them for disputes.
 *
 * Like every kind contract, it is deployed by `deploy()` through the network's PinionDeployer; being
 * a kind contract that takes a third constructor argument, it gets the network's oracle set (the
 * RewardDistributor) besides its token and registry.
 *
 * No reentrancy guard: the only external calls go to the network's own token (which calls nobody
 * back) after every state change, to the registry and the oracle set, which are only read, and to
 * the creation of a deal's pieces' data contract, whose code is this contract's fixed initcode.
 */
contract StorageMarket is EIP712 {
    using SafeERC20 for IERC20;

    /// @notice A deal's place in its life. Only an Active deal has periods recorded.
    enum DealState {
        /// Proposed by its customer, its escrow paid in; not accepted yet.
        Proposed,
        /// Accepted by the device's owner, who locked the collateral: periods are being recorded.
        Active,
        /// Every period recorded; the provider took its collateral left back.
        Completed,
        /// Ended by the oracles' records after `maxConsecutiveFaults` faults in a row: collateral burnt.
        Terminated,
        /// Withdrawn by its customer before anyone accepted it.
        Cancelled,
        /// Ended by its customer while active (`pinion storage rm`).
        Ended
    }

    /**
     * @notice One piece of a deal's data set, as PDP commits it: `root` is its SHA254 Merkle root
     * (CommP), `height` its tree's levels above the leaves (at most {MAX_PIECE_HEIGHT}), and
     * `leafCount` its challengeable leaves, those holding payload (PDP's `Cids.leafCount`, from 1 to
     * 2^height).
     */
    struct Piece {
        bytes32 root;
        uint8 height;
        uint64 leafCount;
    }

    /**
     * @notice What a customer offers: `pricePerPeriod` (token base units, more than 0) for each of
     * `periods` proving periods (1 to {MAX_PERIODS}); the provider locks `collateral`, of which each
     * faulted period burns `faultFee` (at most `collateral`); `maxConsecutiveFaults` faults in a row
     * (1 to {MAX_CONSECUTIVE_FAULTS}) terminate the deal.
     */
    struct DealTerms {
        uint256 pricePerPeriod;
        uint32 periods;
        uint256 collateral;
        uint256 faultFee;
        uint16 maxConsecutiveFaults;
    }

    /// @notice The oracles' word on one deal's period: proven, or faulted.
    struct PeriodRecord {
        uint256 dealId;
        bool proven;
    }

    /**
     * @notice Everything about a deal ({dealOf}): who pays, which device serves it and who accepted
     * it (zero until then), its terms and state, its periods recorded and faults (in a row, and in
     * all), and what it still holds: the escrow of its periods not recorded yet, and the collateral
     * locked at acceptance and not burnt yet (none before acceptance). Both are 0 once the deal is
     * over: they were paid out, refunded or burnt.
     */
    struct Deal {
        address customer;
        uint256 deviceId;
        address provider;
        DealTerms terms;
        DealState state;
        uint32 periodsRecorded;
        uint16 consecutiveFaults;
        uint32 totalFaults;
        uint256 escrowLeft;
        uint256 collateralLeft;
    }

    /**
     * @dev A deal as stored. `provider` to `maxConsecutiveFaults` share one slot, the only one a
     * proven period writes. Counts fit 16 bits: {MAX_PERIODS} and {MAX_CONSECUTIVE_FAULTS} are below
     * 2^16. The escrow and collateral left are not stored: they follow from the terms and the counts
     * (see {_escrowLeft}, {_collateralLeft}).
     */
    struct StoredDeal {
        address customer;
        address provider;
        DealState state;
        uint16 periods;
        uint16 periodsRecorded;
        uint16 consecutiveFaults;
        uint16 totalFaults;
        uint16 maxConsecutiveFaults;
        uint256 deviceId;
        uint256 pricePerPeriod;
        uint256 collateral;
        uint256 faultFee;
        /// The SSTORE2 data contract holding the pieces, {PIECE_BYTES} each.
        address pieces;
    }

    /**
     * @dev The longest deal: 1278 periods, Filecoin's longest deal (the market actor's deal duration
     * bounds, `actors/market/src/policy.rs`: 180 to 1278 days) at one period a day, a production
     * epoch — three and a half years. It also keeps a deal's counters within 16 bits.
     */
    uint32 public constant MAX_PERIODS = 1278;

    /**
     * @dev The most faults in a row a deal may tolerate: 42, Filecoin's `FAULT_MAX_AGE` (a sector
     * faulty for 42 days is terminated, `actors/miner/src/policy.rs`), at one period a day.
     */
    uint16 public constant MAX_CONSECUTIVE_FAULTS = 42;

    /**
     * @dev The most pieces a deal holds: 256. A proposal writes them all and emits an event each, so
     * a proposal of 256 pieces costs about 3.2 M gas (gas-snapshots/StorageMarket.json), a tenth of a
     * 30 M gas block, where one of 8 costs 0.35 M; their 10,496 bytes fit one SSTORE2 data contract
     * (EIP-170 allows 24,576); and a dispute's {checkPossession} finds each challenged piece by a
     * linear walk over them. A customer with more pieces makes more deals.
     */
    uint256 public constant MAX_PIECES_PER_DEAL = 256;

    /// @dev The tallest piece tree: 50 levels (2^50 leaves), PDP's `MAX_PIECE_SIZE_LOG2`.
    uint8 public constant MAX_PIECE_HEIGHT = 50;

    /// @dev A piece in its data contract: root (32 bytes), height (1), leafCount (8, big-endian).
    uint256 private constant PIECE_BYTES = 41;

    bytes32 private constant _PROVING_PERIODS_TYPEHASH =
        keccak256("ProvingPeriods(uint64 epoch,uint32 version,bytes32 recordsHash)");

    /// @dev A constructor argument is not a contract.
    error NotAContract(address account);
    /// @dev `deviceId` does not exist or is suspended: it takes no deal.
    error DeviceNotActive(uint256 deviceId);
    /// @dev `caller` is not the current owner of `deviceId`.
    error NotDeviceOwner(uint256 deviceId, address caller);
    /// @dev `caller` is not the customer of `dealId`.
    error NotCustomer(uint256 dealId, address caller);
    /// @dev No deal has the id `dealId`.
    error UnknownDeal(uint256 dealId);
    /// @dev `dealId` is in `state`, where the call needs it in `expected`.
    error UnexpectedDealState(uint256 dealId, DealState state, DealState expected);
    /// @dev A deal has `count` pieces, where it takes 1 to `max`.
    error InvalidPieceCount(uint256 count, uint256 max);
    /// @dev The piece at `index` has a `height` above {MAX_PIECE_HEIGHT}, or a `leafCount` of 0 or above 2^height.
    error InvalidPiece(uint256 index, uint8 height, uint64 leafCount);
    /// @dev A price per period of zero.
    error ZeroPrice();
    /// @dev A deal of `periods` periods, where it takes 1 to `max`.
    error InvalidPeriods(uint32 periods, uint32 max);
    /// @dev A fault fee of `faultFee` above the deal's `collateral`.
    error FaultFeeAboveCollateral(uint256 faultFee, uint256 collateral);
    /// @dev `maxConsecutiveFaults` of `given`, where it takes 1 to `max`.
    error InvalidMaxConsecutiveFaults(uint16 given, uint16 max);
    /// @dev Periods of `epoch` come after those already recorded: the next batch must be for `nextEpoch` or later.
    error EpochAlreadyRecorded(uint64 epoch, uint64 nextEpoch);
    /// @dev The records were signed under oracle-set `version`; the set is now at `currentVersion`.
    error StaleOracleSetVersion(uint32 version, uint32 currentVersion);
    /// @dev Records must come in strictly ascending deal id order: `dealId` follows `previous`.
    error RecordsNotAscending(uint256 previous, uint256 dealId);
    /// @dev `account` has no balance to withdraw.
    error NothingToWithdraw(address account);
    /// @dev `leaves` answers for `proofs` proofs: they must be as many, and at least one.
    error InvalidChallengeCount(uint256 leaves, uint256 proofs);

    /**
     * @notice Emitted when `customer` proposed deal `dealId` to `deviceId` on these terms, paying
     * `pricePerPeriod × periods` into escrow; its pieces follow, one {PieceAdded} each.
     */
    event DealProposed(
        uint256 indexed dealId,
        address indexed customer,
        uint256 indexed deviceId,
        uint256 pricePerPeriod,
        uint32 periods,
        uint256 collateral,
        uint256 faultFee,
        uint16 maxConsecutiveFaults
    );
    /// @notice Emitted for each piece of a proposed deal, in order: `index` is the piece's id in the data set.
    event PieceAdded(uint256 indexed dealId, uint256 index, bytes32 root, uint8 height, uint64 leafCount);
    /// @notice Emitted when `provider`, owner of `deviceId`, accepted `dealId` and locked its collateral.
    event DealAccepted(uint256 indexed dealId, uint256 indexed deviceId, address indexed provider);
    /// @notice Emitted when the customer withdrew proposal `dealId`: `refunded` went to its balance.
    event DealCancelled(uint256 indexed dealId, uint256 refunded);
    /**
     * @notice Emitted when the customer ended active deal `dealId`: `refunded` (the periods not
     * recorded) went to its balance, `collateralReturned` to the provider's.
     */
    event DealEnded(uint256 indexed dealId, uint256 refunded, uint256 collateralReturned);
    /// @notice Emitted when a record for `dealId` in `epoch` changed nothing: the deal was not active.
    event PeriodSkipped(uint256 indexed dealId, uint64 indexed epoch);
    /// @notice Emitted when `dealId`'s period of `epoch` was proven: `paid` went to the provider's balance.
    event PeriodProven(uint256 indexed dealId, uint64 indexed epoch, uint256 paid);
    /**
     * @notice Emitted when `dealId`'s period of `epoch` faulted: its price went back to the customer's
     * balance, `fee` of the collateral was burnt, and the deal has faulted `consecutiveFaults` times in a row.
     */
    event PeriodFaulted(uint256 indexed dealId, uint64 indexed epoch, uint256 fee, uint16 consecutiveFaults);
    /**
     * @notice Emitted when `dealId` was terminated by its faults in `epoch`: `refunded` (its periods
     * left) went to the customer's balance, `slashed` (its collateral left) was burnt.
     */
    event DealTerminated(uint256 indexed dealId, uint64 indexed epoch, uint256 refunded, uint256 slashed);
    /// @notice Emitted when every period of `dealId` was recorded: `collateralReturned` went to the provider's balance.
    event DealCompleted(uint256 indexed dealId, uint256 collateralReturned);
    /// @notice Emitted once per batch: the periods of `epoch`, `count` records (skipped ones included).
    event PeriodsRecorded(uint64 indexed epoch, uint256 count);
    /// @notice Emitted when `account` withdrew its balance, `amount`.
    event Withdrawn(address indexed account, uint256 amount);

    IERC20 private immutable _token;
    IDeviceRegistry private immutable _registry;
    IOracleSet private immutable _oracles;

    uint256 private _dealCount;
    /// @dev The first epoch whose periods may still be recorded.
    uint64 private _nextRecordEpoch;
    mapping(uint256 dealId => StoredDeal) private _deals;
    mapping(address account => uint256) private _balances;

    /**
     * @param token_ the network's PinionToken (ERC20Burnable): what customers pay, what providers lock,
     * and what fault fees and slashed collateral burn
     * @param registry_ the network's DeviceRegistry: who owns each device, and whether it is active
     * @param oracleSet_ the oracle set whose quorum records proving periods: the RewardDistributor
     */
    constructor(address token_, address registry_, address oracleSet_) EIP712("Pinion StorageMarket", "1") {
        if (token_.code.length == 0) revert NotAContract(token_);
        if (registry_.code.length == 0) revert NotAContract(registry_);
        if (oracleSet_.code.length == 0) revert NotAContract(oracleSet_);
        _token = IERC20(token_);
        _registry = IDeviceRegistry(registry_);
        _oracles = IOracleSet(oracleSet_);
    }

    // ───────────────────────────── deals ─────────────────────────────

    /**
     * @dev Proposes a deal to `deviceId` for `pieces` (the data set, in order) on `terms`, and pulls
     * the escrow, `pricePerPeriod × periods`, from the caller with `transferFrom` (approve this
     * contract first). The caller is the deal's customer. Returns the deal's id, from 1 upward.
     *
     * Requirements: the device exists and is not suspended; 1 to {MAX_PIECES_PER_DEAL} pieces, each
     * of a height of at most {MAX_PIECE_HEIGHT} and 1 to 2^height leaves; the terms as {DealTerms} says.
     */
    function proposeDeal(uint256 deviceId, Piece[] calldata pieces, DealTerms calldata terms)
        external
        returns (uint256 dealId)
    {
        uint256 price = terms.pricePerPeriod;
        uint32 periods = terms.periods;
        uint256 collateral = terms.collateral;
        uint256 faultFee = terms.faultFee;
        uint16 maxConsecutiveFaults = terms.maxConsecutiveFaults;
        if (price == 0) revert ZeroPrice();
        if (periods == 0 || periods > MAX_PERIODS) revert InvalidPeriods(periods, MAX_PERIODS);
        if (faultFee > collateral) revert FaultFeeAboveCollateral(faultFee, collateral);
        if (maxConsecutiveFaults == 0 || maxConsecutiveFaults > MAX_CONSECUTIVE_FAULTS) {
            revert InvalidMaxConsecutiveFaults(maxConsecutiveFaults, MAX_CONSECUTIVE_FAULTS);
        }
        uint256 count = pieces.length;
        if (count == 0 || count > MAX_PIECES_PER_DEAL) revert InvalidPieceCount(count, MAX_PIECES_PER_DEAL);
        if (!_registry.isActive(deviceId)) revert DeviceNotActive(deviceId);
        uint256 escrow = price * periods;

        dealId = ++_dealCount;
        StoredDeal storage deal = _deals[dealId];
        deal.customer = msg.sender;
        // Bounded above: MAX_PERIODS and MAX_CONSECUTIVE_FAULTS fit 16 bits.
        deal.periods = uint16(periods);
        deal.maxConsecutiveFaults = maxConsecutiveFaults;
        deal.deviceId = deviceId;
        deal.pricePerPeriod = price;
        deal.collateral = collateral;
        deal.faultFee = faultFee;
        emit DealProposed(dealId, msg.sender, deviceId, price, periods, collateral, faultFee, maxConsecutiveFaults);

        bytes memory packed = new bytes(count * PIECE_BYTES);
        for (uint256 i = 0; i < count; ++i) {
            Piece calldata piece = pieces[i];
            bytes32 root = piece.root;
            uint8 height = piece.height;
            uint64 leafCount = piece.leafCount;
            if (height > MAX_PIECE_HEIGHT || leafCount == 0 || leafCount > uint256(1) << height) {
                revert InvalidPiece(i, height, leafCount);
            }
            // The second word spills past this piece's 41 bytes; the next piece's root overwrites
            // the spill, and past the last piece it lies beyond the array's length, unread.
            assembly ("memory-safe") {
                let at := add(add(packed, 0x20), mul(i, PIECE_BYTES))
                mstore(at, root)
                mstore(add(at, 0x20), or(shl(248, height), shl(184, leafCount)))
            }
            emit PieceAdded(dealId, i, root, height, leafCount);
        }
        deal.pieces = SSTORE2.write(packed);

        _token.safeTransferFrom(msg.sender, address(this), escrow);
    }

    /**
     * @dev Accepts proposal `dealId` for its device, and pulls the deal's collateral from the caller
     * with `transferFrom` (approve this contract first). The caller becomes the deal's provider: it is
     * paid for the deal's periods and takes its collateral back, whoever owns the device later.
     *
     * Requirements: the deal is Proposed; the caller owns its device, which is still active (a device
     * suspended since the proposal takes no new deal).
     */
    function acceptDeal(uint256 dealId) external {
        StoredDeal storage deal = _existing(dealId);
        _checkState(dealId, deal.state, DealState.Proposed);
        uint256 deviceId = deal.deviceId;
        _checkDeviceOwner(deviceId);
        if (!_registry.isActive(deviceId)) revert DeviceNotActive(deviceId);
        deal.provider = msg.sender;
        deal.state = DealState.Active;
        emit DealAccepted(dealId, deviceId, msg.sender);
        _token.safeTransferFrom(msg.sender, address(this), deal.collateral);
    }

    /**
     * @dev Withdraws proposal `dealId`: its whole escrow goes to the customer's balance.
     *
     * Requirements: the caller is the deal's customer; the deal is Proposed (nobody accepted it).
     */
    function cancelDeal(uint256 dealId) external {
        StoredDeal storage deal = _existing(dealId);
        _checkCustomer(dealId, deal.customer);
        _checkState(dealId, deal.state, DealState.Proposed);
        uint256 refunded = deal.pricePerPeriod * deal.periods;
        deal.state = DealState.Cancelled;
        _balances[msg.sender] += refunded;
        emit DealCancelled(dealId, refunded);
    }

    /**
     * @dev Ends active deal `dealId` (`pinion storage rm`): the escrow of the periods not recorded yet
     * goes to the customer's balance — the period in progress included, as the oracles record whole
     * periods only — and the collateral left to the provider's.
     *
     * Requirements: the caller is the deal's customer; the deal is Active.
     */
    function endDeal(uint256 dealId) external {
        StoredDeal storage deal = _existing(dealId);
        _checkCustomer(dealId, deal.customer);
        _checkState(dealId, deal.state, DealState.Active);
        uint256 refunded = _escrowLeft(deal);
        uint256 returned = _collateralLeft(deal);
        deal.state = DealState.Ended;
        _balances[msg.sender] += refunded;
        _balances[deal.provider] += returned;
        emit DealEnded(dealId, refunded, returned);
    }

    // ───────────────────────────── proving periods ─────────────────────────────

    /**
     * @dev Records the proving periods of `epoch`: for each of `records` (in strictly ascending deal
     * id order), whether the deal's provider proved possession of its data set or faulted, as a
     * quorum of the current oracle set signed it (EIP-712 `ProvingPeriods(uint64 epoch,uint32 version,
     * bytes32 recordsHash)`, recordsHash = {hashRecords}; signatures as {OracleQuorum} reads them).
     * Anyone may submit.
     *
     * Each record of an Active deal: a proven period pays its price to the provider's balance and
     * clears the faults in a row; a faulted one gives its price back to the customer's balance, burns
     * the fault fee (or the collateral left, if less) and counts a fault. Then a deal with
     * `maxConsecutiveFaults` faults in a row is Terminated (its periods left refunded, its collateral
     * left burnt), and otherwise one with every period recorded is Completed (its collateral left to
     * the provider). A record of a deal that is not Active (ended by its customer after the oracles
     * signed, for one; or no deal at all) is skipped: reverting would block every later batch.
     *
     * Epochs come in order: after a batch for `epoch`, only a later epoch's is taken, so no batch
     * counts twice. The contract keeps no clock of epochs: which epoch's periods these are is the
     * quorum's word, as the proofs themselves are.
     *
     * Requirements: `epoch` is at or after {nextRecordEpoch}; `version` is the oracle set's current
     * version; a quorum of distinct current oracles signed; deal ids strictly ascend.
     */
    function recordPeriods(uint64 epoch, uint32 version, PeriodRecord[] calldata records, bytes calldata signatures)
        external
    {
        uint64 next = _nextRecordEpoch;
        if (epoch < next) revert EpochAlreadyRecorded(epoch, next);
        uint32 currentVersion = _oracles.oracleSetVersion();
        if (version != currentVersion) revert StaleOracleSetVersion(version, currentVersion);
        OracleQuorum.check(_oracles, provingPeriodsDigest(epoch, version, hashRecords(records)), signatures);
        _nextRecordEpoch = epoch + 1;

        uint256 burnt = 0;
        uint256 previous = 0;
        for (uint256 i = 0; i < records.length; ++i) {
            uint256 dealId = records[i].dealId;
            if (dealId <= previous) revert RecordsNotAscending(previous, dealId);
            previous = dealId;
            burnt += _record(dealId, epoch, records[i].proven);
        }
        emit PeriodsRecorded(epoch, records.length);
        // One burn for the whole batch's fault fees and slashed collateral.
        if (burnt != 0) ERC20Burnable(address(_token)).burn(burnt);
    }

    /// @notice `keccak256(abi.encode(records))`: what a ProvingPeriods message signs for its records.
    function hashRecords(PeriodRecord[] calldata records) public pure returns (bytes32) {
        return keccak256(abi.encode(records));
    }

    /// @notice The EIP-712 digest the oracles sign to record the periods of `epoch` hashing to `recordsHash`.
    function provingPeriodsDigest(uint64 epoch, uint32 version, bytes32 recordsHash) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(_PROVING_PERIODS_TYPEHASH, epoch, version, recordsHash)));
    }

    // ───────────────────────────── payments ─────────────────────────────

    /**
     * @dev Pays the caller its whole balance: a provider's pay and returned collateral, a customer's
     * refunds.
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

    // ───────────────────────────── disputes ─────────────────────────────

    /**
     * @notice Whether `leaves` and `proofs` answer the challenges of deal `dealId`'s data set for
     * `seed`, as PDP's `provePossession` checks them: challenge i is leaf
     * `keccak256(abi.encodePacked(seed, dealId, uint64(i))) mod challengeRange` of the pieces' leaves
     * laid end to end (challengeRange: their sum), found in the first piece whose running leaf count
     * passes it (`findOnePieceId`), and `proofs[i]` must lead from `leaves[i]` at its offset in that
     * piece to the piece's root ({PieceProofs-verify}). Anyone can so check on chain a provider's
     * answer to a period the oracles judged, by the rule they applied off chain.
     *
     * False for any wrong answer, a proof without one sibling per level of its piece included (PDP's
     * verifier reverts on one; the protocol package's `verifyPieceProof`, like this, says false).
     * Reverts with {InvalidChallengeCount} unless there are as many leaves as proofs, and at least one.
     */
    function checkPossession(uint256 dealId, uint256 seed, bytes32[] calldata leaves, bytes32[][] calldata proofs)
        external
        view
        returns (bool)
    {
        StoredDeal storage deal = _existing(dealId);
        if (leaves.length == 0 || leaves.length != proofs.length) {
            revert InvalidChallengeCount(leaves.length, proofs.length);
        }
        bytes memory packed = SSTORE2.read(deal.pieces);
        uint256 count = packed.length / PIECE_BYTES;
        uint256 challengeRange = 0;
        for (uint256 p = 0; p < count; ++p) {
            (,, uint64 leafCount) = _pieceAt(packed, p);
            challengeRange += leafCount;
        }
        for (uint256 i = 0; i < leaves.length; ++i) {
            // i < leaves.length, a calldata array's length: it fits 64 bits.
            uint256 leaf = PieceProofs.challengedLeaf(seed, dealId, uint64(i), challengeRange);
            uint256 before = 0;
            uint256 p = 0;
            while (true) {
                (,, uint64 leafCount) = _pieceAt(packed, p);
                if (leaf < before + leafCount) break;
                before += leafCount;
                ++p;
            }
            (bytes32 root, uint8 height,) = _pieceAt(packed, p);
            // A proof without one sibling per level of its piece is a wrong answer, as the protocol
            // package's verifyPieceProof says (PieceProofs.verify would revert on it).
            bytes32[] calldata proof = proofs[i];
            if (proof.length != height) return false;
            if (!PieceProofs.verify(proof, root, leaves[i], leaf - before, height)) return false;
        }
        return true;
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @notice Everything about deal `dealId` (see {Deal}). Reverts with {UnknownDeal} for no deal.
    function dealOf(uint256 dealId) external view returns (Deal memory) {
        StoredDeal storage deal = _existing(dealId);
        return Deal({
            customer: deal.customer,
            deviceId: deal.deviceId,
            provider: deal.provider,
            terms: DealTerms({
                pricePerPeriod: deal.pricePerPeriod,
                periods: deal.periods,
                collateral: deal.collateral,
                faultFee: deal.faultFee,
                maxConsecutiveFaults: deal.maxConsecutiveFaults
            }),
            state: deal.state,
            periodsRecorded: deal.periodsRecorded,
            consecutiveFaults: deal.consecutiveFaults,
            totalFaults: deal.totalFaults,
            escrowLeft: _isOpen(deal.state) ? _escrowLeft(deal) : 0,
            collateralLeft: deal.state == DealState.Active ? _collateralLeft(deal) : 0
        });
    }

    /// @notice Deal `dealId`'s pieces, its data set in order. Reverts with {UnknownDeal} for no deal.
    function piecesOf(uint256 dealId) external view returns (Piece[] memory pieces) {
        bytes memory packed = SSTORE2.read(_existing(dealId).pieces);
        pieces = new Piece[](packed.length / PIECE_BYTES);
        for (uint256 i = 0; i < pieces.length; ++i) {
            (bytes32 root, uint8 height, uint64 leafCount) = _pieceAt(packed, i);
            pieces[i] = Piece(root, height, leafCount);
        }
    }

    /// @notice What `account` can {withdraw}.
    function balanceOf(address account) external view returns (uint256) {
        return _balances[account];
    }

    /// @notice The first epoch whose periods {recordPeriods} still takes.
    function nextRecordEpoch() external view returns (uint64) {
        return _nextRecordEpoch;
    }

    /// @notice How many deals were proposed: the ids are 1 to this.
    function dealCount() external view returns (uint256) {
        return _dealCount;
    }

    /// @notice The network's token.
    function token() external view returns (address) {
        return address(_token);
    }

    /// @notice The network's device registry.
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @notice The oracle set whose quorum records proving periods (the RewardDistributor).
    function oracleSet() external view returns (address) {
        return address(_oracles);
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev Records one period of `dealId`; returns the tokens it burns (fault fee, slashed collateral).
    function _record(uint256 dealId, uint64 epoch, bool proven) private returns (uint256 burnt) {
        StoredDeal storage deal = _deals[dealId];
        if (deal.state != DealState.Active) {
            emit PeriodSkipped(dealId, epoch);
            return 0;
        }
        uint256 price = deal.pricePerPeriod;
        uint16 recorded = deal.periodsRecorded + 1;
        uint16 consecutive = 0;
        deal.periodsRecorded = recorded;
        if (proven) {
            deal.consecutiveFaults = 0;
            _balances[deal.provider] += price;
            emit PeriodProven(dealId, epoch, price);
        } else {
            uint256 fee = deal.faultFee;
            uint256 left = _collateralLeft(deal);
            if (fee > left) fee = left;
            consecutive = deal.consecutiveFaults + 1;
            deal.consecutiveFaults = consecutive;
            deal.totalFaults += 1;
            burnt = fee;
            _balances[deal.customer] += price;
            emit PeriodFaulted(dealId, epoch, fee, consecutive);
        }
        if (consecutive >= deal.maxConsecutiveFaults) {
            // Only after a fault: a proven period clears the count, and the maximum is at least 1.
            uint256 refunded = _escrowLeft(deal);
            uint256 slashed = _collateralLeft(deal);
            deal.state = DealState.Terminated;
            _balances[deal.customer] += refunded;
            burnt += slashed;
            emit DealTerminated(dealId, epoch, refunded, slashed);
        } else if (recorded == deal.periods) {
            uint256 returned = _collateralLeft(deal);
            deal.state = DealState.Completed;
            _balances[deal.provider] += returned;
            emit DealCompleted(dealId, returned);
        }
    }

    /// @dev The escrow of `deal`'s periods not recorded yet (what it holds while Proposed or Active).
    function _escrowLeft(StoredDeal storage deal) private view returns (uint256) {
        return deal.pricePerPeriod * (deal.periods - deal.periodsRecorded);
    }

    /**
     * @dev The collateral `deal` holds while Active: each fault burnt the fault fee or, when less was
     * left, all that was left, so after n faults `max(0, collateral − n × faultFee)` is left. No
     * overflow: the collateral was transferred in, so it is below the token's cap (2^192), and so is
     * the fault fee, times fewer than 2^16 faults.
     */
    function _collateralLeft(StoredDeal storage deal) private view returns (uint256) {
        uint256 collateral = deal.collateral;
        uint256 taken = deal.faultFee * deal.totalFaults;
        return taken < collateral ? collateral - taken : 0;
    }

    /// @dev Whether a deal in `state` still holds its escrow: Proposed or Active.
    function _isOpen(DealState state) private pure returns (bool) {
        return state == DealState.Proposed || state == DealState.Active;
    }

    /// @dev The stored deal `dealId`; reverts with {UnknownDeal} unless it was proposed.
    function _existing(uint256 dealId) private view returns (StoredDeal storage deal) {
        deal = _deals[dealId];
        if (deal.customer == address(0)) revert UnknownDeal(dealId);
    }

    /// @dev Reverts unless the caller is `customer`, the customer of `dealId`.
    function _checkCustomer(uint256 dealId, address customer) private view {
        if (customer != msg.sender) revert NotCustomer(dealId, msg.sender);
    }

    /// @dev Reverts unless `dealId`'s `state` is `expected`.
    function _checkState(uint256 dealId, DealState state, DealState expected) private pure {
        if (state != expected) revert UnexpectedDealState(dealId, state, expected);
    }

    /// @dev Reverts unless the caller owns `deviceId`; nobody owns a device that does not exist (any more).
    function _checkDeviceOwner(uint256 deviceId) private view {
        try IERC721(address(_registry)).ownerOf(deviceId) returns (address owner) {
            if (owner == msg.sender) return;
        } catch {}
        revert NotDeviceOwner(deviceId, msg.sender);
    }

    /// @dev Piece `index` of a deal's packed pieces ({PIECE_BYTES} each: root, height, leafCount).
    function _pieceAt(bytes memory packed, uint256 index)
        private
        pure
        returns (bytes32 root, uint8 height, uint64 leafCount)
    {
        assembly ("memory-safe") {
            let at := add(add(packed, 0x20), mul(index, PIECE_BYTES))
            root := mload(at)
            let word := mload(add(at, 0x20))
            height := shr(248, word)
            leafCount := and(shr(184, word), 0xffffffffffffffff)
        }
    }
}
