// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Arrays} from "@openzeppelin/contracts/utils/Arrays.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {Guarded} from "../access/Guarded.sol";
import {ICreditPrice} from "../interfaces/ICreditPrice.sol";
import {ICredits} from "../interfaces/ICredits.sol";
import {IFeeToken} from "../interfaces/IFeeToken.sol";
import {IOracleSet} from "../interfaces/IOracleSet.sol";
import {OracleQuorum} from "../libraries/OracleQuorum.sol";

/**
 * @dev Service credits, after Helium's Data Credits (DC): what customers pay for the network's
 * service with, at a price fixed in money rather than in tokens (Helium: 1 DC = $0.00001).
 *
 * Credits are whole units (no decimals, like DC) and are **non-transferable**: there is a
 * {balanceOf}, but no transfer. They come into being in two ways:
 *
 * - **burn-and-mint** ({burnForCredits}): anyone burns tokens (`burnFrom`: approve this contract
 *   first) and `tokens · price / 10^18` credits, rounded toward zero, go to the account it names. The
 *   price, in credits per whole token, comes from one {ICreditPrice} source that governance chooses
 *   (GovernedPrice, QuorumPrice or ChainlinkPrice), and must be no older than {maxPriceAge} (Helium:
 *   10 minutes). Helium mints DC only this way, at the Pyth HNT/USD EMA price minus twice its
 *   confidence; our sources have no confidence interval (see each source for how conservative it is).
 * - **traditional payment** ({mintForPayment}): a `PAYMENT_OPERATOR_ROLE` holder (granted by
 *   governance) mints credits for a payment taken off chain (card, invoice), each payment reference
 *   once, at most {paymentCapPerEpoch} credits per epoch. Helium has no such path (fiat buyers go
 *   through vendors who burn HNT); it is a deviation, and the cap bounds what a compromised operator
 *   can mint. No token is burnt, so these credits add nothing to net emissions.
 *
 * Credits are used in two ways:
 *
 * - **delegation** ({delegate}): an account moves credits into the escrow of a service key — for the
 *   wireless kind, the router's ed25519 public key, as Helium delegates DC to a router's payer key —
 *   irreversibly: like delegated DC ("once DCs have been delegated, they cannot be redelegated"),
 *   escrowed credits never come back out, except burnt by settled receipts. That is what makes the
 *   oracles' job safe: before signing an epoch's receipts they compute each service key's spendable
 *   balance from its delegations and their own past settlements, and cap every receipt at it. An
 *   escrow that only grows between two settlements can never turn out smaller than they computed.
 * - **receipt settlement** ({settleReceipts}): a quorum of the current oracle set (the
 *   RewardDistributor's, see {IOracleSet}) signs, per epoch, the receipts it verified; anyone submits
 *   them, and each burns its credits from its service key's escrow. Helium burns delegated DC with
 *   one key (`dc_burn_authority`); here no single key can burn anyone's credits.
 * - **on-chain spending** ({spend}, {spendFrom} after {approve}): markets (storage, compute) burn
 *   credits for what they sell, with a memo naming the order.
 *
 * **Net emissions** (Helium's HIP-20): tokens burnt here are recorded per epoch ({tokensBurnedIn});
 * the Emissions contract re-mints, for each epoch it releases, {netEmissionOf} it on top of the
 * schedule: the tokens burnt in the epoch, up to {netEmissionCapPerEpoch} (Helium:
 * 1,643.83561643 HNT per epoch; 0 turns net emissions off, the "revenue share" mode in which burnt
 * tokens are simply gone). Deviations: Helium re-mints every HNT burn (mostly for DC), we count burns
 * for credits only (fees burnt elsewhere still free room under the token's cap); and Helium smooths
 * the burn over 7 epochs (HRP-2025-03, `target = 6/7·target + 1/7·burn`), we do not. A change of the
 * cap takes effect from the next epoch, never the running one, so no released or ended epoch's net
 * emission can ever change.
 *
 * Epochs are Emissions' epochs: the constructor takes the same genesis time and duration. Before
 * genesis, burns count toward epoch 0.
 *
 * **Pausing**: the guardian or governance may pause what brings credits into being (buying and
 * payment minting), for instance while a price source misbehaves. Delegation, spending and the
 * settlement of receipts the oracles already signed are never paused: credits already bought stay
 * usable, and work already done gets settled.
 *
 * Roles: `DEFAULT_ADMIN_ROLE` (governance, the timelock) chooses the price source and its maximum
 * age, the payment cap and the net emission cap, and grants `PAYMENT_OPERATOR_ROLE`.
 *
 * No reentrancy guard: the only external calls go to the network's own token (which calls nobody
 * back) after every state change, and to the price source and oracle set, which are only read (static
 * calls).
 */
contract Credits is ICredits, Guarded, EIP712 {
    using Arrays for uint256[];
    using Checkpoints for Checkpoints.Trace208;

    /// @dev May mint credits for payments taken off chain, within {paymentCapPerEpoch}.
    bytes32 public constant PAYMENT_OPERATOR_ROLE = keccak256("PAYMENT_OPERATOR_ROLE");

    /// @dev One whole token: the PinionToken has 18 decimals, and prices are in credits per whole token.
    uint256 public constant TOKEN_UNIT = 1e18;

    /// @dev The largest net emission cap: PinionToken.MAX_CAP (2^192 - 1); no epoch can re-mint more.
    uint256 public constant MAX_NET_EMISSION_CAP = type(uint192).max;

    bytes32 private constant _RECEIPT_SETTLEMENT_TYPEHASH =
        keccak256("ReceiptSettlement(uint64 epoch,uint32 version,bytes32 receiptsHash)");

    /// @dev A burn record packs its epoch above the tokens burnt in it: the token's supply is below 2^192.
    uint256 private constant _AMOUNT_BITS = 192;

    IFeeToken private immutable _token;
    IOracleSet private immutable _oracles;
    uint64 private immutable _genesisTime;
    uint64 private immutable _epochDuration;

    ICreditPrice private _priceSource;
    uint64 private _maxPriceAge;
    /// @dev The first epoch whose receipts may still be settled.
    uint64 private _nextSettlementEpoch;

    uint256 private _paymentCapPerEpoch;
    mapping(uint64 epoch => uint256) private _paymentsMintedIn;
    mapping(bytes32 paymentRef => bool) private _paymentRecorded;

    mapping(address account => uint256) private _balances;
    mapping(address account => mapping(address spender => uint256)) private _allowances;
    mapping(bytes32 serviceKey => uint256) private _escrows;
    mapping(bytes32 receiptId => bool) private _settledReceipts;

    /**
     * @dev One word per epoch in which tokens were burnt, in epoch order: `epoch << 192 | tokens`.
     * Sorted, since the current epoch only grows, so an epoch is found by binary search and a range
     * of epochs is a contiguous run.
     */
    uint256[] private _burns;
    /// @dev The net emission cap per epoch, keyed by the first epoch it applies to.
    Checkpoints.Trace208 private _netEmissionCaps;

    /**
     * @param token_ the network's PinionToken, burnt for credits
     * @param oracles_ the oracle set whose quorum signs receipt settlements: the RewardDistributor
     * @param admin governance (the timelock): receives `DEFAULT_ADMIN_ROLE`
     * @param guardian_ may pause buying and payment minting (zero: no guardian)
     * @param priceSource_ the first price source
     * @param maxPriceAge_ the oldest price accepted, in seconds (Helium: 600)
     * @param genesisTime_ start of epoch 0 (unix seconds): the Emissions schedule's
     * @param epochDuration_ seconds per epoch: the Emissions schedule's
     * @param paymentCapPerEpoch_ the most credits payment operators may mint per epoch
     * @param netEmissionCapPerEpoch_ the most tokens re-minted per epoch for burns (0: none)
     * @param paymentOperators_ receive `PAYMENT_OPERATOR_ROLE`
     */
    constructor(
        address token_,
        address oracles_,
        address admin,
        address guardian_,
        ICreditPrice priceSource_,
        uint64 maxPriceAge_,
        uint64 genesisTime_,
        uint64 epochDuration_,
        uint256 paymentCapPerEpoch_,
        uint256 netEmissionCapPerEpoch_,
        address[] memory paymentOperators_
    ) Guarded(guardian_) EIP712("Pinion Credits", "1") {
        if (token_.code.length == 0) revert NotAContract(token_);
        if (oracles_.code.length == 0) revert NotAContract(oracles_);
        if (epochDuration_ == 0) revert ZeroEpochDuration();
        _token = IFeeToken(token_);
        _oracles = IOracleSet(oracles_);
        _genesisTime = genesisTime_;
        _epochDuration = epochDuration_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        for (uint256 i = 0; i < paymentOperators_.length; ++i) {
            _grantRole(PAYMENT_OPERATOR_ROLE, paymentOperators_[i]);
        }
        _setPriceSource(priceSource_);
        _maxPriceAge = maxPriceAge_;
        emit MaxPriceAgeChanged(maxPriceAge_);
        _paymentCapPerEpoch = paymentCapPerEpoch_;
        emit PaymentCapChanged(paymentCapPerEpoch_);
        _setNetEmissionCap(netEmissionCapPerEpoch_, 0);
    }

    // ───────────────────────────── buying ─────────────────────────────

    /**
     * @dev Burns `tokens` of the caller's (approve this contract first) and credits
     * `tokens · price / 10^18` credits, rounded toward zero, to `account`, at the price source's
     * current price. The burn counts toward this epoch's net emission.
     *
     * Requirements: not paused; `account` is not zero; the price is non-zero and no older than
     * {maxPriceAge}; the tokens buy at least one credit.
     */
    function burnForCredits(address account, uint256 tokens) external whenNotPaused returns (uint256 credits) {
        if (account == address(0)) revert InvalidAccount(account);
        (uint256 price_,) = price();
        credits = Math.mulDiv(tokens, price_, TOKEN_UNIT);
        if (credits == 0) revert ZeroCredits(tokens, price_);
        uint64 epoch = currentEpoch();
        _recordBurn(epoch, tokens);
        _balances[account] += credits;
        emit CreditsBought(msg.sender, account, tokens, credits, price_, epoch);
        _token.burnFrom(msg.sender, tokens);
    }

    /**
     * @dev Mints `credits` to `account` for the payment `paymentRef` taken off chain.
     *
     * Requirements: the caller has `PAYMENT_OPERATOR_ROLE`; not paused; `account` is not zero;
     * `credits` is not zero; `paymentRef` is not zero and was never used; this epoch's payment mints
     * stay within {paymentCapPerEpoch}.
     */
    function mintForPayment(address account, uint256 credits, bytes32 paymentRef)
        external
        onlyRole(PAYMENT_OPERATOR_ROLE)
        whenNotPaused
    {
        if (account == address(0)) revert InvalidAccount(account);
        if (credits == 0) revert ZeroAmount();
        if (paymentRef == bytes32(0)) revert ZeroPaymentRef();
        if (_paymentRecorded[paymentRef]) revert PaymentAlreadyRecorded(paymentRef);
        uint64 epoch = currentEpoch();
        uint256 minted = _paymentsMintedIn[epoch];
        uint256 cap = _paymentCapPerEpoch;
        // Written so that a cap lowered below what was already minted does not underflow.
        if (credits > cap || minted > cap - credits) revert PaymentCapExceeded(epoch, minted, credits, cap);
        _paymentRecorded[paymentRef] = true;
        _paymentsMintedIn[epoch] = minted + credits;
        _balances[account] += credits;
        emit CreditsMintedForPayment(msg.sender, account, credits, paymentRef, epoch);
    }

    // ───────────────────────────── using ─────────────────────────────

    /**
     * @dev Moves `credits` from the caller's balance into `serviceKey`'s escrow, for good: escrowed
     * credits leave only as settled receipts burn them (see the contract's description for why).
     *
     * Requirements: `credits` is not zero and at most the caller's balance; `serviceKey` is not zero.
     */
    function delegate(bytes32 serviceKey, uint256 credits) external {
        if (serviceKey == bytes32(0)) revert ZeroServiceKey();
        _burnCredits(msg.sender, credits);
        uint256 escrowTotal = _escrows[serviceKey] + credits;
        _escrows[serviceKey] = escrowTotal;
        emit CreditsDelegated(msg.sender, serviceKey, credits, escrowTotal);
    }

    /**
     * @dev Lets `spender` (a market) spend up to `credits` of the caller's credits with {spendFrom};
     * `type(uint256).max` is unlimited and never decreases. Replaces any earlier allowance.
     *
     * Requirements: `spender` is not zero.
     */
    function approve(address spender, uint256 credits) external {
        if (spender == address(0)) revert InvalidAccount(spender);
        _allowances[msg.sender][spender] = credits;
        emit CreditsSpendingApproved(msg.sender, spender, credits);
    }

    /**
     * @dev Burns `credits` of `account`'s, within the caller's allowance, for what `memo` names (an
     * order, a deal).
     *
     * Requirements: `credits` is not zero, within the allowance and the balance.
     */
    function spendFrom(address account, uint256 credits, bytes32 memo) external {
        uint256 allowed = _allowances[account][msg.sender];
        if (allowed != type(uint256).max) {
            if (credits > allowed) revert InsufficientAllowance(account, msg.sender, allowed, credits);
            unchecked {
                _allowances[account][msg.sender] = allowed - credits;
            }
        }
        _burnCredits(account, credits);
        emit CreditsSpent(account, msg.sender, credits, memo);
    }

    /**
     * @dev Burns `credits` of the caller's, for what `memo` names.
     *
     * Requirements: `credits` is not zero and at most the caller's balance.
     */
    function spend(uint256 credits, bytes32 memo) external {
        _burnCredits(msg.sender, credits);
        emit CreditsSpent(msg.sender, msg.sender, credits, memo);
    }

    // ───────────────────────────── settlement ─────────────────────────────

    /**
     * @dev Settles the oracles' receipts of `epoch`: each burns its credits from its service key's
     * escrow. `signatures` are 64-byte compact (EIP-2098) signatures by a quorum of the current oracle
     * set, in ascending signer order, of the EIP-712 message
     * `ReceiptSettlement(uint64 epoch,uint32 version,bytes32 receiptsHash)` ({receiptSettlementDigest}),
     * where `receiptsHash` is `keccak256(abi.encode(receipts))` ({hashReceipts}): the hash of the ABI
     * encoding of the `Receipt[]` array alone (offset word, length, then each receipt's four words).
     * Anyone may submit.
     *
     * Batches settle in epoch order, one per epoch, skipping epochs without receipts: after a batch for
     * `epoch`, the next must be for a later epoch. So an epoch's receipts must fit in one transaction:
     * at about 27,000 gas a receipt (22,100 of it the record that its id settled), some 1,000 in a
     * 30M-gas block; the oracles aggregate usage per service key and device before they sign. Only
     * ended epochs settle, so that no signed batch can skip the epochs still to come. Each receipt id
     * settles once, ever.
     *
     * `version` is the oracle-set version the batch was signed under (the message includes it): passing
     * it lets a batch signed before a change of the set fail as {StaleOracleSetVersion}, rather than
     * as signatures by the wrong signers.
     *
     * The oracles cap every receipt at its service key's escrow before they sign (the escrow only
     * grows between settlements), so a signed batch never meets {ReceiptOverBalance}; it exists so
     * that not even a quorum can burn credits nobody delegated.
     *
     * Never paused: the receipts are for work already done.
     *
     * Requirements:
     * - `epoch` has ended, and is at or after {nextSettlementEpoch};
     * - `version` is the oracle set's current version;
     * - at least a quorum of distinct current oracles signed;
     * - no receipt was settled before, and each is within its escrow.
     */
    function settleReceipts(uint64 epoch, uint32 version, Receipt[] calldata receipts, bytes calldata signatures)
        external
    {
        uint64 next = _nextSettlementEpoch;
        if (epoch < next) revert EpochAlreadySettled(epoch, next);
        uint64 current = currentEpoch();
        if (epoch >= current) revert EpochNotEnded(epoch, current);
        uint32 currentVersion = _oracles.oracleSetVersion();
        if (version != currentVersion) revert StaleOracleSetVersion(version, currentVersion);
        OracleQuorum.check(_oracles, receiptSettlementDigest(epoch, version, hashReceipts(receipts)), signatures);
        _nextSettlementEpoch = epoch + 1;

        uint256 total = 0;
        for (uint256 i = 0; i < receipts.length; ++i) {
            Receipt calldata receipt = receipts[i];
            bytes32 id = receipt.id;
            if (_settledReceipts[id]) revert ReceiptAlreadySettled(id);
            _settledReceipts[id] = true;
            bytes32 serviceKey = receipt.serviceKey;
            uint256 credits = receipt.credits;
            uint256 balance = _escrows[serviceKey];
            if (credits > balance) revert ReceiptOverBalance(id, serviceKey, balance, credits);
            unchecked {
                _escrows[serviceKey] = balance - credits;
            }
            total += credits;
            emit ReceiptSettled(id, serviceKey, receipt.deviceId, credits);
        }
        emit ReceiptsSettled(epoch, receipts.length, total);
    }

    /// @notice `keccak256(abi.encode(receipts))`: what a ReceiptSettlement signs for its receipts.
    function hashReceipts(Receipt[] calldata receipts) public pure returns (bytes32) {
        return keccak256(abi.encode(receipts));
    }

    /// @notice The EIP-712 digest the oracles sign to settle receipts hashing to `receiptsHash`.
    function receiptSettlementDigest(uint64 epoch, uint32 version, bytes32 receiptsHash)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(_RECEIPT_SETTLEMENT_TYPEHASH, epoch, version, receiptsHash)));
    }

    // ───────────────────────────── governance ─────────────────────────────

    /// @dev Switches the price source. Requirements: the caller is governance; `next` is a contract.
    function setPriceSource(ICreditPrice next) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPriceSource(next);
    }

    /**
     * @dev Sets the oldest price accepted, in seconds (0: only a price of this very block, as
     * GovernedPrice's always is). Requirements: the caller is governance.
     */
    function setMaxPriceAge(uint64 maxAge) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _maxPriceAge = maxAge;
        emit MaxPriceAgeChanged(maxAge);
    }

    /**
     * @dev Sets the most credits payment operators may mint per epoch, from now on (the running
     * epoch's mints so far count against it). Requirements: the caller is governance.
     */
    function setPaymentCapPerEpoch(uint256 cap) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _paymentCapPerEpoch = cap;
        emit PaymentCapChanged(cap);
    }

    /**
     * @dev Sets the most tokens re-minted per epoch for burns, from the next epoch on: the running
     * epoch and every earlier one keep the cap they had, so their net emission never changes. A second
     * change within one epoch replaces the first. Requirements: the caller is governance; `cap` is at
     * most {MAX_NET_EMISSION_CAP}.
     */
    function setNetEmissionCapPerEpoch(uint256 cap) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setNetEmissionCap(cap, currentEpoch() + 1);
    }

    // ───────────────────────────── views ─────────────────────────────

    /**
     * @notice The price source's price, in credits per whole token, and when it was observed; reverts
     * with {ZeroPrice} or {StalePrice} when {burnForCredits} would.
     */
    function price() public view returns (uint256 creditsPerToken, uint64 updatedAt) {
        (creditsPerToken, updatedAt) = _priceSource.creditsPerToken();
        if (creditsPerToken == 0) revert ZeroPrice();
        uint64 maxAge = _maxPriceAge;
        // A price stamped in the future (no source should give one) counts as fresh.
        if (updatedAt < block.timestamp && block.timestamp - updatedAt > maxAge) revert StalePrice(updatedAt, maxAge);
    }

    /// @notice The credits `tokens` (base units) buy now: `tokens · price / 10^18`, toward zero.
    function creditsFor(uint256 tokens) external view returns (uint256) {
        (uint256 price_,) = price();
        return Math.mulDiv(tokens, price_, TOKEN_UNIT);
    }

    /// @notice The epoch running at the current block (0 before genesis).
    function currentEpoch() public view returns (uint64) {
        if (block.timestamp < _genesisTime) return 0;
        return uint64((block.timestamp - _genesisTime) / _epochDuration);
    }

    /// @notice `account`'s credits, not delegated.
    function balanceOf(address account) external view returns (uint256) {
        return _balances[account];
    }

    /// @notice What `spender` may still spend of `account`'s credits.
    function allowance(address account, address spender) external view returns (uint256) {
        return _allowances[account][spender];
    }

    /// @notice The credits in `serviceKey`'s escrow: delegated, and not yet burnt by receipts.
    function escrowOf(bytes32 serviceKey) external view returns (uint256) {
        return _escrows[serviceKey];
    }

    /// @notice Whether the receipt `id` was settled.
    function isReceiptSettled(bytes32 id) external view returns (bool) {
        return _settledReceipts[id];
    }

    /// @notice The first epoch whose receipts may still be settled.
    function nextSettlementEpoch() external view returns (uint64) {
        return _nextSettlementEpoch;
    }

    /// @notice Whether the off-chain payment `paymentRef` was turned into credits.
    function paymentRecorded(bytes32 paymentRef) external view returns (bool) {
        return _paymentRecorded[paymentRef];
    }

    /// @notice Credits minted for payments in `epoch`.
    function paymentsMintedIn(uint64 epoch) external view returns (uint256) {
        return _paymentsMintedIn[epoch];
    }

    /// @notice The most credits payment operators may mint per epoch.
    function paymentCapPerEpoch() external view returns (uint256) {
        return _paymentCapPerEpoch;
    }

    /// @notice The current price source.
    function priceSource() external view returns (ICreditPrice) {
        return _priceSource;
    }

    /// @notice The oldest price accepted, in seconds.
    function maxPriceAge() external view returns (uint64) {
        return _maxPriceAge;
    }

    /// @inheritdoc ICredits
    function tokensBurnedIn(uint64 epoch) public view returns (uint256) {
        uint256 index = _burns.lowerBound(uint256(epoch) << _AMOUNT_BITS);
        if (index == _burns.length) return 0;
        uint256 entry = _burns[index];
        return entry >> _AMOUNT_BITS == epoch ? entry & type(uint192).max : 0;
    }

    /**
     * @inheritdoc ICredits
     * @dev Final once `epoch` has ended (burns only count toward the running epoch, and cap changes
     * only from the next); for the running epoch, what it is so far.
     */
    function netEmissionOf(uint64 epoch) external view returns (uint256) {
        return Math.min(tokensBurnedIn(epoch), netEmissionCapAt(epoch));
    }

    /**
     * @inheritdoc ICredits
     * @dev Walks only the epochs in the range that had burns. For a range ending at the running epoch
     * (what Emissions releases), its end is found at the end of the record without a search.
     */
    function netEmissionBetween(uint64 fromEpoch, uint64 toEpoch) external view returns (uint256 total) {
        if (fromEpoch >= toEpoch) return 0;
        uint256 end = _burns.length;
        // Skip the burns at or after `toEpoch`: at a release, at most the running epoch's.
        if (end != 0 && _burns[end - 1] >> _AMOUNT_BITS >= toEpoch) {
            end = end >= 2 && _burns[end - 2] >> _AMOUNT_BITS < toEpoch
                ? end - 1
                : _burns.lowerBound(uint256(toEpoch) << _AMOUNT_BITS);
        }
        while (end != 0) {
            uint256 entry = _burns[end - 1];
            uint64 epoch = uint64(entry >> _AMOUNT_BITS);
            if (epoch < fromEpoch) break;
            total += Math.min(entry & type(uint192).max, netEmissionCapAt(epoch));
            --end;
        }
    }

    /// @notice The net emission cap in force for `epoch` (changes apply from the epoch after they are made).
    function netEmissionCapAt(uint64 epoch) public view returns (uint256) {
        if (epoch > type(uint48).max) return _netEmissionCaps.latest();
        return _netEmissionCaps.upperLookupRecent(uint48(epoch));
    }

    /**
     * @notice The net emission cap governance set last, and the epoch it applies from (it may be the
     * next epoch's, while the running epoch keeps the one before).
     */
    function netEmissionCapPerEpoch() external view returns (uint256 cap, uint64 fromEpoch) {
        (, uint48 key, uint208 value) = _netEmissionCaps.latestCheckpoint();
        return (value, key);
    }

    /// @notice The network's token.
    function token() external view returns (address) {
        return address(_token);
    }

    /// @notice The oracle set whose quorum signs settlements (the RewardDistributor).
    function oracles() external view returns (address) {
        return address(_oracles);
    }

    /// @notice Epoch 0's start (unix seconds) and each epoch's length: the Emissions schedule's.
    function epochSchedule() external view returns (uint64 genesisTime, uint64 epochDuration) {
        return (_genesisTime, _epochDuration);
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev Takes `credits` (not zero) out of `account`'s balance.
    function _burnCredits(address account, uint256 credits) private {
        if (credits == 0) revert ZeroAmount();
        uint256 balance = _balances[account];
        if (credits > balance) revert InsufficientCredits(account, balance, credits);
        unchecked {
            _balances[account] = balance - credits;
        }
    }

    /// @dev Adds `tokens` to the tokens burnt in `epoch`, the running epoch (so the record stays sorted).
    function _recordBurn(uint64 epoch, uint256 tokens) private {
        uint256 length = _burns.length;
        if (length != 0) {
            uint256 last = _burns[length - 1];
            if (last >> _AMOUNT_BITS == epoch) {
                // Tokens burnt in one epoch cannot exceed what was ever minted, below 2^192.
                _burns[length - 1] =
                    (uint256(epoch) << _AMOUNT_BITS) | SafeCast.toUint192((last & type(uint192).max) + tokens);
                return;
            }
        }
        _burns.push((uint256(epoch) << _AMOUNT_BITS) | SafeCast.toUint192(tokens));
    }

    function _setPriceSource(ICreditPrice next) private {
        if (address(next).code.length == 0) revert NotAContract(address(next));
        emit PriceSourceChanged(address(_priceSource), address(next));
        _priceSource = next;
    }

    function _setNetEmissionCap(uint256 cap, uint64 fromEpoch) private {
        if (cap > MAX_NET_EMISSION_CAP) revert NetEmissionCapTooLarge(cap, MAX_NET_EMISSION_CAP);
        _netEmissionCaps.push(SafeCast.toUint48(fromEpoch), uint208(cap));
        emit NetEmissionCapChanged(cap, fromEpoch);
    }
}
