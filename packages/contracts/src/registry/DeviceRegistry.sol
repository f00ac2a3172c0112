// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {P256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IDeviceRegistry} from "../interfaces/IDeviceRegistry.sol";
import {IFeeToken} from "../interfaces/IFeeToken.sol";
import {H3} from "../libraries/H3.sol";

/**
 * @dev Devices as ERC-721 tokens. See {IDeviceRegistry}.
 *
 * A device joins in one of three ways:
 * - {registerDevice}: a maker approved for the device's class signs (EIP-712) the key, class,
 *   serial and owner. Makers may be EOAs or ERC-1271 contracts (a maker's multisig).
 * - {registerDeviceWithProof}: the same, and a P-256 device also signs its owner's address, proving
 *   on chain that the key is held by real hardware and not copied from another device.
 * - {registerDevicePermissionless}: for classes the admin opened, anyone registers a P-256 device
 *   with a possession proof and pays the class's fee (burnt). Ed25519 keys cannot be checked on an
 *   EVM chain at a sane cost, so without a maker they could be squatted: registered by someone who
 *   merely saw the public key, who would then be paid for the real device's work. No maker assigns
 *   serials there, so the serial must be the device id: nobody can take a serial ahead of a device.
 *
 * A possession proof signs the owner and the class, so a proof seen in the mempool cannot be
 * replayed to register the device elsewhere. It stays valid when the device changes hands: it
 * proves the key lives in real hardware, not who owns that hardware.
 *
 * The registry holds a device's key as a commitment: the device id is `keccak256(key)`, and the key
 * itself is published in {DeviceRegistered}. A contract that needs the key (to check a device's
 * signature) takes it as input and compares its hash with the id: as safe as reading it from
 * storage, and it spares every registration a 22,100-gas storage slot.
 *
 * A key and a (class, serial) pair can each be registered once, ever: a retired device's key stays
 * taken. Transferring a device clears its rewards recipient, so a buyer is never paid-around.
 *
 * Roles: `DEFAULT_ADMIN_ROLE` sets class policies and grants roles (governance, once it exists);
 * `MAKER_ADMIN_ROLE` approves and removes makers; `GUARDIAN_ROLE` suspends and reinstates devices.
 */
contract DeviceRegistry is IDeviceRegistry, ERC721, AccessControl, EIP712 {
    bytes32 public constant MAKER_ADMIN_ROLE = keccak256("MAKER_ADMIN_ROLE");
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    bytes32 private constant _REGISTRATION_TYPEHASH =
        keccak256("Registration(uint8 keyType,bytes key,uint32 deviceClass,bytes32 serial,address owner)");
    /// @dev Domain tag of the message a P-256 device signs to prove possession of its key.
    bytes32 private constant _POSSESSION_TAG = keccak256("Pinion.DeviceKeyPossession.v1");
    uint256 private constant _ED25519_KEY_LENGTH = 32;
    uint256 private constant _P256_KEY_LENGTH = 64;

    /// @dev Thrown when a class is given a fee but the registry has no fee token.
    error FeesNeedFeeToken();

    IFeeToken private immutable _feeToken;

    /// @dev Never deleted: a record with a key type marks the key as taken, also after retirement.
    mapping(uint256 deviceId => Device) private _devices;
    mapping(bytes32 classSerial => uint256 deviceId) private _serials;
    mapping(uint256 deviceId => address) private _recipients;
    mapping(uint32 deviceClass => mapping(address maker => bool)) private _makers;
    mapping(uint32 deviceClass => ClassPolicy) private _policies;

    /**
     * @param name_ ERC-721 name, e.g. "Pinion Device"
     * @param symbol_ ERC-721 symbol
     * @param admin receives `DEFAULT_ADMIN_ROLE`, `MAKER_ADMIN_ROLE` and `GUARDIAN_ROLE`
     * @param feeToken_ the token fees are burnt in, or the zero address for a fee-free network
     */
    constructor(string memory name_, string memory symbol_, address admin, IFeeToken feeToken_)
        ERC721(name_, symbol_)
        EIP712("Pinion DeviceRegistry", "1")
    {
        _feeToken = feeToken_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MAKER_ADMIN_ROLE, admin);
        _grantRole(GUARDIAN_ROLE, admin);
    }

    // ───────────────────────────── registration ─────────────────────────────

    /**
     * @dev Registers a device vouched for by `maker`, minting its token to `registration.owner`.
     *
     * Requirements:
     * - `maker` is approved for the class and `makerSignature` is its EIP-712 signature of
     *   `registration`;
     * - the key and the (class, serial) pair were never registered.
     */
    function registerDevice(Registration calldata registration, address maker, bytes calldata makerSignature)
        external
        returns (uint256)
    {
        _checkMaker(registration, maker, makerSignature);
        return _register(registration, maker, false);
    }

    /**
     * @dev As {registerDevice}, and the P-256 device proves possession of its key: `(r, s)` is its
     * signature of {possessionMessage} for the owner.
     */
    function registerDeviceWithProof(
        Registration calldata registration,
        address maker,
        bytes calldata makerSignature,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 deviceId) {
        _checkMaker(registration, maker, makerSignature);
        deviceId = _register(registration, maker, true);
        _checkPossession(deviceId, registration, r, s);
    }

    /**
     * @dev Registers a P-256 device of a permissionless class without a maker; the caller pays the
     * class's registration fee, which is burnt.
     */
    function registerDevicePermissionless(Registration calldata registration, bytes32 r, bytes32 s)
        external
        returns (uint256 deviceId)
    {
        ClassPolicy memory policy = _policies[registration.deviceClass];
        if (!policy.permissionless) revert ClassNotPermissionless(registration.deviceClass);
        if (registration.keyType != KeyType.P256) revert PossessionProofUnsupported(registration.keyType);
        bytes32 expectedSerial = keccak256(registration.key);
        if (registration.serial != expectedSerial) revert SerialMustBeDeviceId(expectedSerial, registration.serial);
        _chargeFee(policy.registrationFee);
        deviceId = _register(registration, address(0), true);
        _checkPossession(deviceId, registration, r, s);
    }

    /// @dev Lets an already registered P-256 device prove possession of `key` for its current owner.
    function proveKeyPossession(uint256 deviceId, bytes calldata key, bytes32 r, bytes32 s) external {
        uint256 keyHash = deviceIdOf(key);
        if (keyHash != deviceId) revert DeviceKeyMismatch(deviceId, keyHash);
        address owner = _requireOwned(deviceId);
        Device storage device = _devices[deviceId];
        if (device.keyType != KeyType.P256) revert PossessionProofUnsupported(device.keyType);
        _verifyPossession(deviceId, key, possessionMessage(owner, device.deviceClass), r, s);
        device.keyProven = true;
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
                    registration.owner
                )
            )
        );
    }

    // ───────────────────────────── operation ─────────────────────────────

    /**
     * @dev Asserts the device's location as an H3 cell, with its antenna gain (tenths of dBi) and
     * elevation (metres). The class's location fee is burnt from the caller.
     *
     * Requirements: the caller is the owner or approved for the device; `cell` is a valid H3 cell.
     */
    function assertLocation(uint256 deviceId, uint64 cell, int16 antennaGain, int16 elevation) external {
        _checkOperator(deviceId);
        if (!H3.isValidCell(cell)) revert InvalidLocation(cell);
        Device storage device = _devices[deviceId];
        _chargeFee(_policies[device.deviceClass].locationFee);
        uint32 nonce = device.locationNonce + 1;
        device.location = cell;
        device.antennaGain = antennaGain;
        device.elevation = elevation;
        device.locationNonce = nonce;
        emit LocationAsserted(deviceId, cell, antennaGain, elevation, nonce);
    }

    /**
     * @dev Sends the device's future rewards to `recipient` (any address, e.g. a split contract for
     * shared ownership); the zero address means "the owner". Only the owner may change it.
     */
    function setRecipient(uint256 deviceId, address recipient) external {
        address owner = _requireOwned(deviceId);
        if (msg.sender != owner) revert NotDeviceOperator(deviceId, msg.sender);
        _recipients[deviceId] = recipient;
        emit RecipientChanged(deviceId, recipient);
    }

    /// @dev Retires the device for good: burns its token; its key and serial stay taken. Only the
    /// owner: an approved operator may run the device but not destroy it.
    function retire(uint256 deviceId) external {
        address owner = _requireOwned(deviceId);
        if (msg.sender != owner) revert NotDeviceOperator(deviceId, msg.sender);
        _burn(deviceId);
        emit DeviceRetired(deviceId);
    }

    /// @dev Suspends or reinstates a device (fraud, recalls). Only the guardian.
    function setSuspended(uint256 deviceId, bool suspended) external onlyRole(GUARDIAN_ROLE) {
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

    function _register(Registration calldata registration, address maker, bool keyProven)
        private
        returns (uint256 deviceId)
    {
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
            keyProven: keyProven,
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
        if (!_makers[registration.deviceClass][maker]) revert UnauthorizedMaker(registration.deviceClass, maker);
        if (!SignatureChecker.isValidSignatureNowCalldata(maker, registrationDigest(registration), signature)) {
            revert InvalidMakerSignature(maker);
        }
    }

    function _checkPossession(uint256 deviceId, Registration calldata registration, bytes32 r, bytes32 s) private {
        if (registration.keyType != KeyType.P256) revert PossessionProofUnsupported(registration.keyType);
        bytes memory message = possessionMessage(registration.owner, registration.deviceClass);
        _verifyPossession(deviceId, registration.key, message, r, s);
    }

    /// @dev `key` must be the device's P-256 key (its hash is the id), as checked by the caller.
    function _verifyPossession(uint256 deviceId, bytes calldata key, bytes memory message, bytes32 r, bytes32 s)
        private
    {
        if (!P256.verify(sha256(message), r, s, bytes32(key[:32]), bytes32(key[32:]))) {
            revert InvalidPossessionProof(deviceId);
        }
        emit DeviceKeyProven(deviceId);
    }

    function _checkOperator(uint256 deviceId) private view {
        address owner = _requireOwned(deviceId);
        if (!_isAuthorized(owner, msg.sender, deviceId)) revert NotDeviceOperator(deviceId, msg.sender);
    }

    function _chargeFee(uint96 fee) private {
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

    /// @dev Clears the rewards recipient whenever the device changes hands.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0) && from != to && _recipients[tokenId] != address(0)) {
            delete _recipients[tokenId];
            emit RecipientChanged(tokenId, address(0));
        }
    }
}
