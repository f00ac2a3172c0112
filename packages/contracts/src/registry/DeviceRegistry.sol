// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {P256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Guarded} from "../access/Guarded.sol";
import {IDeviceRegistry} from "../interfaces/IDeviceRegistry.sol";
import {IFeeToken} from "../interfaces/IFeeToken.sol";
import {H3} from "../libraries/H3.sol";

/**
 * @dev Devices as ERC-721 tokens. See {IDeviceRegistry}.
 *
 * A device joins in one of three ways:
 * - {registerDevice}: an ed25519 device, vouched for by a maker approved for the device's class,
 *   which signs (EIP-712) the key, class, serial, owner, a nonce and a deadline. Makers may be EOAs
 *   or ERC-1271 contracts (a maker's multisig).
 * - {registerDeviceWithProof}: a P-256 device, vouched for by a maker as above, that also signs its
 *   owner's address, proving on chain that the key is held by the hardware itself.
 * - {registerDevicePermissionless}: for classes governance opened, anyone registers a P-256 device
 *   with a possession proof and pays the class's fee (burnt). No maker assigns serials there, so the
 *   serial must be the device id: nobody can take a serial ahead of a device.
 *
 * Possession is proven wherever the key can prove itself on chain. A P-256 key always must (OZ
 * `P256`, the EIP-7951 precompile where present, ~3.5k gas there): otherwise anyone who once saw a
 * device's public key (an event, the mempool, another network) could register it first, keep it
 * taken forever and be paid for the real device's work. An ed25519 key cannot: the EVM has no
 * ed25519 precompile and a Solidity verifier costs several hundred thousand gas, so an ed25519
 * device relies on its maker's signature, and only an approved maker can squat an ed25519 key. For
 * that case governance can {releaseKey}.
 *
 * A possession proof signs the owner and the class, so a proof seen in the mempool cannot be
 * replayed to register the device elsewhere.
 *
 * Maker signatures carry a deadline and a nonce. A key registers once, so a signature cannot be
 * replayed while its device exists; the nonce is there to revoke. Each maker has a nonce floor,
 * and a registration's nonce must be at or above it: one storage read, no write. The maker raises
 * its floor ({revokeRegistrationsBelow}) to revoke every outstanding signature below it. OpenZeppelin
 * `Nonces` is sequential instead: a batch of registrations would have to land in exactly the signed
 * order (one dropped transaction stalls the rest), and each registration would pay a storage write.
 *
 * The registry holds a device's key as a commitment: the device id is `keccak256(key)`, and the key
 * itself is published in {DeviceRegistered}. A contract that needs the key (to check a device's
 * signature) takes it as input and compares its hash with the id: as safe as reading it from
 * storage, and it spares every registration a 22,100-gas storage slot.
 *
 * A key and a (class, serial) pair can each be registered once: a retired device's key stays taken,
 * unless governance releases it. Transferring a device clears its rewards recipient and its
 * location asserter, so a buyer is never paid-around nor mis-placed. ERC-721 approval lets an
 * operator move the token and nothing else here: asserting locations takes the owner or the
 * device's location asserter.
 *
 * Roles: governance (`DEFAULT_ADMIN_ROLE`, the timelock once deployed) sets class policies, grants
 * roles and releases keys; `MAKER_ADMIN_ROLE` approves and removes makers; `SUSPENDER_ROLE`
 * suspends and reinstates devices: stopping a device's rewards changes who gets paid, so it stays
 * with governance. The guardian (see {Guarded}) may only pause new registrations and location
 * assertions.
 */
contract DeviceRegistry is IDeviceRegistry, ERC721, Guarded, EIP712 {
    bytes32 public constant MAKER_ADMIN_ROLE = keccak256("MAKER_ADMIN_ROLE");
    bytes32 public constant SUSPENDER_ROLE = keccak256("SUSPENDER_ROLE");

    bytes32 private constant _REGISTRATION_TYPEHASH = keccak256(
        "Registration(uint8 keyType,bytes key,uint32 deviceClass,bytes32 serial,address owner,uint256 nonce,uint256 deadline)"
    );
    /// @dev Domain tag of the message a P-256 device signs to prove possession of its key.
    bytes32 private constant _POSSESSION_TAG = keccak256("Pinion.DeviceKeyPossession.v1");
    uint256 private constant _ED25519_KEY_LENGTH = 32;
    uint256 private constant _P256_KEY_LENGTH = 64;

    /// @dev Thrown when a class is given a fee but the registry has no fee token.
    error FeesNeedFeeToken();

    IFeeToken private immutable _feeToken;

    /// @dev A record with a key type marks the key as taken, also after retirement; only
    /// {releaseKey} deletes one.
    mapping(uint256 deviceId => Device) private _devices;
    mapping(bytes32 classSerial => uint256 deviceId) private _serials;
    mapping(uint256 deviceId => address) private _recipients;
    mapping(uint256 deviceId => address) private _locationAsserters;
    mapping(uint32 deviceClass => mapping(address maker => bool)) private _makers;
    mapping(address maker => uint256) private _nonceFloors;
    mapping(uint32 deviceClass => ClassPolicy) private _policies;

    /**
     * @param name_ ERC-721 name, e.g. "Pinion Device"
     * @param symbol_ ERC-721 symbol
     * @param admin receives `DEFAULT_ADMIN_ROLE`, `MAKER_ADMIN_ROLE` and `SUSPENDER_ROLE`
     * @param feeToken_ the token fees are burnt in, or the zero address for a fee-free network
     * @param guardian_ may pause registrations and location assertions (zero: no guardian)
     */
    constructor(string memory name_, string memory symbol_, address admin, IFeeToken feeToken_, address guardian_)
        ERC721(name_, symbol_)
        Guarded(guardian_)
        EIP712("Pinion DeviceRegistry", "1")
    {
        _feeToken = feeToken_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MAKER_ADMIN_ROLE, admin);
        _grantRole(SUSPENDER_ROLE, admin);
    }

    // ───────────────────────────── registration ─────────────────────────────

    /**
     * @dev Registers an ed25519 device vouched for by `maker`, minting its token to
     * `registration.owner`. A P-256 device must use {registerDeviceWithProof}.
     *
     * Requirements:
     * - not paused; the key is an ed25519 key;
     * - `maker` is approved for the class and `makerSignature` is its EIP-712 signature of
     *   `registration`, whose deadline has not passed and whose nonce is at or above the maker's
     *   nonce floor;
     * - the key and the (class, serial) pair are not registered.
     */
    function registerDevice(Registration calldata registration, address maker, bytes calldata makerSignature)
        external
        whenNotPaused
        returns (uint256)
    {
        if (registration.keyType == KeyType.P256) revert PossessionProofRequired(deviceIdOf(registration.key));
        _checkMaker(registration, maker, makerSignature);
        return _register(registration, maker);
    }

    /**
     * @dev As {registerDevice}, for a P-256 device that proves possession of its key: `(r, s)` is
     * its signature of {possessionMessage} for the owner and class.
     */
    function registerDeviceWithProof(
        Registration calldata registration,
        address maker,
        bytes calldata makerSignature,
        bytes32 r,
        bytes32 s
    ) external whenNotPaused returns (uint256 deviceId) {
        _checkMaker(registration, maker, makerSignature);
        deviceId = _register(registration, maker);
        _checkPossession(deviceId, registration, r, s);
    }

    /**
     * @dev Registers a P-256 device of a permissionless class without a maker; the caller pays the
     * class's registration fee, which is burnt, and reverts if it exceeds `maxFee`. The
     * registration's nonce and deadline are not used (no maker signs).
     */
    function registerDevicePermissionless(Registration calldata registration, bytes32 r, bytes32 s, uint96 maxFee)
        external
        whenNotPaused
        returns (uint256 deviceId)
    {
        ClassPolicy memory policy = _policies[registration.deviceClass];
        if (!policy.permissionless) revert ClassNotPermissionless(registration.deviceClass);
        if (registration.keyType != KeyType.P256) revert PossessionProofUnsupported(registration.keyType);
        bytes32 expectedSerial = keccak256(registration.key);
        if (registration.serial != expectedSerial) revert SerialMustBeDeviceId(expectedSerial, registration.serial);
        _chargeFee(policy.registrationFee, maxFee);
        deviceId = _register(registration, address(0));
        _checkPossession(deviceId, registration, r, s);
    }

    /**
     * @dev The bytes a P-256 device signs (ECDSA over their SHA-256) to prove it holds its key and
     * accepts `owner` as its operator, in `deviceClass`, on this registry and chain.
     */
    function possessionMessage(address owner, uint32 deviceClass) public view returns (bytes memory) {
        return abi.encode(_POSSESSION_TAG, block.chainid, address(this), owner, deviceClass);
    }

    /// @dev The EIP-712 digest a maker signs for `registration`.
    function registrationDigest(Registration calldata registration) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    _REGISTRATION_TYPEHASH,
                    registration.keyType,
                    keccak256(registration.key),
                    registration.deviceClass,
                    registration.serial,
                    registration.owner,
                    registration.nonce,
                    registration.deadline
                )
            )
        );
    }

    /**
     * @dev Revokes every registration the caller signed as a maker with a nonce below `nonceFloor`,
     * by raising its nonce floor. The floor never goes down.
     */
    function revokeRegistrationsBelow(uint256 nonceFloor) external {
        uint256 current = _nonceFloors[msg.sender];
        if (nonceFloor <= current) revert NonceFloorNotRaised(current, nonceFloor);
        _nonceFloors[msg.sender] = nonceFloor;
        emit RegistrationsRevoked(msg.sender, nonceFloor);
    }

    // ───────────────────────────── operation ─────────────────────────────

    /**
     * @dev Asserts the device's location as an H3 cell, with its antenna gain (tenths of dBi) and
     * elevation (metres). The class's location fee is burnt from the caller.
     *
     * Requirements: not paused; the caller is the owner or the device's location asserter (ERC-721
     * approval is not enough); `cell` is a valid H3 cell; the fee is at most `maxFee`.
     */
    function assertLocation(uint256 deviceId, uint64 cell, int16 antennaGain, int16 elevation, uint96 maxFee)
        external
        whenNotPaused
    {
        address owner = _requireOwned(deviceId);
        if (msg.sender != owner && msg.sender != _locationAsserters[deviceId]) {
            revert NotDeviceOperator(deviceId, msg.sender);
        }
        if (!H3.isValidCell(cell)) revert InvalidLocation(cell);
        Device storage device = _devices[deviceId];
        _chargeFee(_policies[device.deviceClass].locationFee, maxFee);
        uint32 nonce = device.locationNonce + 1;
        device.location = cell;
        device.antennaGain = antennaGain;
        device.elevation = elevation;
        device.locationNonce = nonce;
        emit LocationAsserted(deviceId, cell, antennaGain, elevation, nonce);
    }

    /**
     * @dev Lets `asserter` (an installer, a fleet manager) assert the device's location; the zero
     * address leaves it to the owner alone. Only the owner may change it; a transfer clears it.
     */
    function setLocationAsserter(uint256 deviceId, address asserter) external {
        _checkOwner(deviceId);
        _locationAsserters[deviceId] = asserter;
        emit LocationAsserterChanged(deviceId, asserter);
    }

    /**
     * @dev Sends the device's future rewards to `recipient` (any address, e.g. a split contract for
     * shared ownership); the zero address means "the owner". Only the owner may change it.
     */
    function setRecipient(uint256 deviceId, address recipient) external {
        _checkOwner(deviceId);
        _recipients[deviceId] = recipient;
        emit RecipientChanged(deviceId, recipient);
    }

    /// @dev Retires the device for good: burns its token; its key and serial stay taken. Only the
    /// owner: an approved operator may move the token but not destroy it.
    function retire(uint256 deviceId) external {
        _checkOwner(deviceId);
        _burn(deviceId);
        emit DeviceRetired(deviceId);
    }

    /// @dev Suspends or reinstates a device (fraud, recalls). Only `SUSPENDER_ROLE` (governance).
    function setSuspended(uint256 deviceId, bool suspended) external onlyRole(SUSPENDER_ROLE) {
        _requireOwned(deviceId);
        _devices[deviceId].suspended = suspended;
        emit DeviceSuspensionChanged(deviceId, suspended);
    }

    // ───────────────────────────── administration ─────────────────────────────

    /// @dev Approves `maker` to vouch for devices of `deviceClass`.
    function addMaker(uint32 deviceClass, address maker) external onlyRole(MAKER_ADMIN_ROLE) {
        _makers[deviceClass][maker] = true;
        emit MakerAdded(deviceClass, maker);
    }

    /// @dev Withdraws `maker`'s approval for `deviceClass`. Devices it registered stay registered.
    function removeMaker(uint32 deviceClass, address maker) external onlyRole(MAKER_ADMIN_ROLE) {
        delete _makers[deviceClass][maker];
        emit MakerRemoved(deviceClass, maker);
    }

    /// @dev Sets whether `deviceClass` is permissionless and its fees.
    function setClassPolicy(uint32 deviceClass, ClassPolicy calldata policy) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(_feeToken) == address(0) && (policy.registrationFee != 0 || policy.locationFee != 0)) {
            revert FeesNeedFeeToken();
        }
        _policies[deviceClass] = policy;
        emit ClassPolicyChanged(deviceClass, policy.permissionless, policy.registrationFee, policy.locationFee);
    }

    /**
     * @dev Releases a key shown to be squatted: burns the device's token if it still exists,
     * deletes its record and its (class, serial) entry, so the key's rightful owner can register
     * it again. `serial` is the device's serial, as published in {DeviceRegistered} (the registry
     * keeps only its hash with the class, to spare every registration a storage slot).
     *
     * Releasing re-opens the key to every valid registration, including the squatter's own maker
     * signature if it is unexpired and above its maker's nonce floor: release it together with
     * removing the squatting maker from the class ({removeMaker}).
     */
    function releaseKey(uint256 deviceId, bytes32 serial) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _requireKnown(deviceId);
        bytes32 classSerial = _classSerial(_devices[deviceId].deviceClass, serial);
        if (_serials[classSerial] != deviceId) revert DeviceSerialMismatch(deviceId, serial);
        if (_ownerOf(deviceId) != address(0)) _burn(deviceId);
        delete _serials[classSerial];
        delete _devices[deviceId];
        emit KeyReleased(deviceId);
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @inheritdoc IDeviceRegistry
    function deviceIdOf(bytes calldata key) public pure returns (uint256) {
        return uint256(keccak256(key));
    }

    /// @inheritdoc IDeviceRegistry
    function deviceOf(uint256 deviceId) external view returns (Device memory) {
        _requireKnown(deviceId);
        return _devices[deviceId];
    }

    /// @inheritdoc IDeviceRegistry
    function recipientOf(uint256 deviceId) external view returns (address) {
        address owner = _requireOwned(deviceId);
        address recipient = _recipients[deviceId];
        return recipient == address(0) ? owner : recipient;
    }

    /// @dev Who besides the owner may assert the device's location (zero: nobody).
    function locationAsserterOf(uint256 deviceId) external view returns (address) {
        _requireOwned(deviceId);
        return _locationAsserters[deviceId];
    }

    /// @inheritdoc IDeviceRegistry
    function isActive(uint256 deviceId) external view returns (bool) {
        return _ownerOf(deviceId) != address(0) && !_devices[deviceId].suspended;
    }

    /// @dev The device registered with `serial` in `deviceClass`, or 0.
    function deviceIdBySerial(uint32 deviceClass, bytes32 serial) external view returns (uint256) {
        return _serials[_classSerial(deviceClass, serial)];
    }

    /// @dev Whether `maker` may vouch for devices of `deviceClass`.
    function isMaker(uint32 deviceClass, address maker) external view returns (bool) {
        return _makers[deviceClass][maker];
    }

    /// @dev The lowest nonce a registration signed by `maker` may carry.
    function makerNonceFloor(address maker) external view returns (uint256) {
        return _nonceFloors[maker];
    }

    /// @dev The rules of `deviceClass`.
    function classPolicy(uint32 deviceClass) external view returns (ClassPolicy memory) {
        return _policies[deviceClass];
    }

    /// @dev The token fees are burnt in (zero on a fee-free network).
    function feeToken() external view returns (IFeeToken) {
        return _feeToken;
    }

    /// @inheritdoc ERC721
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev Records and mints the device. A P-256 device reaching this point proves possession in
    /// the same transaction (the caller checks it), hence `keyProven`.
    function _register(Registration calldata registration, address maker) private returns (uint256 deviceId) {
        if (registration.owner == address(0)) revert InvalidDeviceOwner(address(0));
        _checkKey(registration.keyType, registration.key);
        deviceId = uint256(keccak256(registration.key));
        if (_devices[deviceId].keyType != KeyType.None) revert DeviceKeyAlreadyRegistered(deviceId);
        bytes32 classSerial = _classSerial(registration.deviceClass, registration.serial);
        uint256 serialHolder = _serials[classSerial];
        if (serialHolder != 0) {
            revert DeviceSerialAlreadyRegistered(registration.deviceClass, registration.serial, serialHolder);
        }

        _serials[classSerial] = deviceId;
        _devices[deviceId] = Device({
            deviceClass: registration.deviceClass,
            keyType: registration.keyType,
            keyProven: registration.keyType == KeyType.P256,
            suspended: false,
            location: 0,
            antennaGain: 0,
            elevation: 0,
            locationNonce: 0
        });
        _mint(registration.owner, deviceId);
        emit DeviceRegistered(
            deviceId,
            registration.owner,
            registration.deviceClass,
            registration.keyType,
            registration.key,
            registration.serial,
            maker
        );
    }

    function _checkMaker(Registration calldata registration, address maker, bytes calldata signature) private view {
        if (block.timestamp > registration.deadline) revert RegistrationExpired(registration.deadline, block.timestamp);
        if (!_makers[registration.deviceClass][maker]) revert UnauthorizedMaker(registration.deviceClass, maker);
        uint256 nonceFloor = _nonceFloors[maker];
        if (registration.nonce < nonceFloor) revert RegistrationRevoked(maker, registration.nonce, nonceFloor);
        if (!SignatureChecker.isValidSignatureNowCalldata(maker, registrationDigest(registration), signature)) {
            revert InvalidMakerSignature(maker);
        }
    }

    /// @dev `registration.key` hashes to `deviceId` and passed {_checkKey}, as {_register} ensures.
    function _checkPossession(uint256 deviceId, Registration calldata registration, bytes32 r, bytes32 s) private {
        if (registration.keyType != KeyType.P256) revert PossessionProofUnsupported(registration.keyType);
        bytes32 digest = sha256(possessionMessage(registration.owner, registration.deviceClass));
        bytes calldata key = registration.key;
        if (!P256.verify(digest, r, s, bytes32(key[:32]), bytes32(key[32:]))) revert InvalidPossessionProof(deviceId);
        emit DeviceKeyProven(deviceId);
    }

    function _checkOwner(uint256 deviceId) private view {
        if (msg.sender != _requireOwned(deviceId)) revert NotDeviceOperator(deviceId, msg.sender);
    }

    function _chargeFee(uint96 fee, uint96 maxFee) private {
        if (fee > maxFee) revert FeeAboveMax(fee, maxFee);
        if (fee != 0) _feeToken.burnFrom(msg.sender, fee);
    }

    function _requireKnown(uint256 deviceId) private view {
        if (_devices[deviceId].keyType == KeyType.None) revert ERC721NonexistentToken(deviceId);
    }

    /// @dev Rejects a key of the wrong length, an all-zero ed25519 key and a P-256 point off the curve.
    function _checkKey(KeyType keyType, bytes calldata key) private pure {
        if (keyType == KeyType.Ed25519 && key.length == _ED25519_KEY_LENGTH) {
            if (bytes32(key) != 0) return;
        } else if (keyType == KeyType.P256 && key.length == _P256_KEY_LENGTH) {
            if (P256.isValidPublicKey(bytes32(key[:32]), bytes32(key[32:]))) return;
        }
        revert InvalidDeviceKey(keyType, key.length);
    }

    function _classSerial(uint32 deviceClass, bytes32 serial) private pure returns (bytes32) {
        return keccak256(abi.encode(deviceClass, serial));
    }

    /// @dev Clears the rewards recipient and the location asserter whenever the device changes
    /// hands (a burn included).
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0) && from != to) {
            if (_recipients[tokenId] != address(0)) {
                delete _recipients[tokenId];
                emit RecipientChanged(tokenId, address(0));
            }
            if (_locationAsserters[tokenId] != address(0)) {
                delete _locationAsserters[tokenId];
                emit LocationAsserterChanged(tokenId, address(0));
            }
        }
    }
}
