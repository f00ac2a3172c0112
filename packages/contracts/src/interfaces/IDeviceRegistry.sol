// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @dev The registry of a network's devices. Each device is an ERC-721 token owned by its operator;
 * its id is `uint256(keccak256(key))`, so anyone holding a device's public key can find it, and a
 * key presented for a device is checked by hashing it.
 */
interface IDeviceRegistry {
    /// @notice How a device signs its reports.
    enum KeyType {
        None,
        /// 32-byte ed25519 public key.
        Ed25519,
        /// 64-byte uncompressed P-256 (secp256r1) public key, x then y.
        P256
    }

    /// @notice What a maker vouches for, signed with EIP-712.
    struct Registration {
        KeyType keyType;
        bytes key;
        uint32 deviceClass;
        bytes32 serial;
        address owner;
        /// Any value at or above the maker's nonce floor when the registration lands; the maker
        /// revokes every outstanding signature below a value by raising its floor. Not checked on
        /// the permissionless path, which has no maker.
        uint256 nonce;
        /// Unix seconds after which the maker's signature no longer registers anything. Not checked
        /// on the permissionless path, which has no maker.
        uint256 deadline;
    }

    /// @notice A device's on-chain record (one storage slot).
    struct Device {
        uint32 deviceClass;
        KeyType keyType;
        /// The device proved possession of its key on chain: true for every P-256 device, which can
        /// only register with a proof. Survives transfers: it is a fact about the hardware, not
        /// about its owner.
        bool keyProven;
        /// Suspended by governance (`SUSPENDER_ROLE`): the oracle ignores its reports.
        bool suspended;
        /// H3 cell index of the last asserted location, 0 when never asserted.
        uint64 location;
        /// Antenna gain in tenths of dBi, as asserted with the location.
        int16 antennaGain;
        /// Elevation above ground in metres, as asserted with the location.
        int16 elevation;
        /// Number of location assertions so far.
        uint32 locationNonce;
    }

    /// @notice Per-class rules.
    struct ClassPolicy {
        /// Devices of this class may register without a maker, paying `registrationFee`.
        bool permissionless;
        /// Burnt from the caller on a permissionless registration.
        uint96 registrationFee;
        /// Burnt from the caller on each location assertion.
        uint96 locationFee;
    }

    /// @notice Thrown when `key` has the wrong length for `keyType`.
    error InvalidDeviceKey(KeyType keyType, uint256 length);
    /// @notice Thrown when the device key was registered before (also after the device was retired).
    error DeviceKeyAlreadyRegistered(uint256 deviceId);
    /// @notice Thrown when the serial was already used in the class.
    error DeviceSerialAlreadyRegistered(uint32 deviceClass, bytes32 serial, uint256 deviceId);
    /// @notice Thrown when `maker` is not an approved maker of `deviceClass`.
    error UnauthorizedMaker(uint32 deviceClass, address maker);
    /// @notice Thrown when the maker's signature does not match the registration.
    error InvalidMakerSignature(address maker);
    /// @notice Thrown when a permissionless registration's serial is not the device id (keccak256 of its key).
    error SerialMustBeDeviceId(bytes32 expected, bytes32 serial);
    /// @notice Thrown when a permissionless registration targets a class that requires a maker.
    error ClassNotPermissionless(uint32 deviceClass);
    /// @notice Thrown when a P-256 possession proof does not verify.
    error InvalidPossessionProof(uint256 deviceId);
    /// @notice Thrown when a possession proof is given for a key that cannot prove itself on chain.
    error PossessionProofUnsupported(KeyType keyType);
    /// @notice Thrown when a P-256 device registers without proving possession of its key.
    error PossessionProofRequired(uint256 deviceId);
    /// @notice Thrown when a maker's signature is used after its deadline.
    error RegistrationExpired(uint256 deadline, uint256 timestamp);
    /// @notice Thrown when a maker's signature carries a nonce below the maker's nonce floor.
    error RegistrationRevoked(address maker, uint256 nonce, uint256 nonceFloor);
    /// @notice Thrown when a maker's new nonce floor is not above its current one.
    error NonceFloorNotRaised(uint256 nonceFloor, uint256 requested);
    /// @notice Thrown when the fee in force exceeds the most the caller agreed to pay.
    error FeeAboveMax(uint96 fee, uint96 maxFee);
    /// @notice Thrown when `serial` is not the serial the device holds in its class.
    error DeviceSerialMismatch(uint256 deviceId, bytes32 serial);
    /// @notice Thrown when `cell` is not a valid H3 cell index.
    error InvalidLocation(uint64 cell);
    /// @notice Thrown when `caller` may not act for the device.
    error NotDeviceOperator(uint256 deviceId, address caller);
    /// @notice Thrown when the owner is the zero address.
    error InvalidDeviceOwner(address owner);

    /// @notice Emitted when a device was registered.
    /// @param deviceId keccak256 of the key
    /// @param owner the operator that owns the device token
    /// @param deviceClass the device's class
    /// @param keyType how the device signs
    /// @param key the device's public key
    /// @param serial the maker's serial number
    /// @param maker the vouching maker, or the zero address for a permissionless registration
    event DeviceRegistered(
        uint256 indexed deviceId,
        address indexed owner,
        uint32 indexed deviceClass,
        KeyType keyType,
        bytes key,
        bytes32 serial,
        address maker
    );
    /// @notice Emitted when a P-256 device proved possession of its key on chain.
    event DeviceKeyProven(uint256 indexed deviceId);
    /// @notice Emitted when a device's location was asserted.
    event LocationAsserted(
        uint256 indexed deviceId, uint64 cell, int16 antennaGain, int16 elevation, uint32 locationNonce
    );
    /// @notice Emitted when a device's rewards recipient changed; zero means "the owner".
    event RecipientChanged(uint256 indexed deviceId, address recipient);
    /// @notice Emitted when a device's location asserter changed; zero means "the owner only".
    event LocationAsserterChanged(uint256 indexed deviceId, address asserter);
    /// @notice Emitted when governance suspended or reinstated a device.
    event DeviceSuspensionChanged(uint256 indexed deviceId, bool suspended);
    /// @notice Emitted when a device was retired (its token burnt) by its owner.
    event DeviceRetired(uint256 indexed deviceId);
    /// @notice Emitted when governance released a device's key: the device is gone (its token burnt
    /// if it still existed) and its key and serial may be registered again. Followers drop it.
    event KeyReleased(uint256 indexed deviceId);
    /// @notice Emitted when `maker` revoked every signature it made with a nonce below `nonceFloor`.
    event RegistrationsRevoked(address indexed maker, uint256 nonceFloor);
    /// @notice Emitted when a maker was approved for a class.
    event MakerAdded(uint32 indexed deviceClass, address indexed maker);
    /// @notice Emitted when a maker was removed from a class.
    event MakerRemoved(uint32 indexed deviceClass, address indexed maker);
    /// @notice Emitted when a class's policy changed.
    event ClassPolicyChanged(uint32 indexed deviceClass, bool permissionless, uint96 registrationFee, uint96 locationFee);

    /// @notice The id a device with `key` has (or will have).
    function deviceIdOf(bytes calldata key) external pure returns (uint256);

    /// @notice A device's record.
    function deviceOf(uint256 deviceId) external view returns (Device memory);

    /// @notice Where the device's rewards go: the recipient set by the owner, or the owner.
    function recipientOf(uint256 deviceId) external view returns (address);

    /// @notice Whether the device exists and is not suspended.
    function isActive(uint256 deviceId) external view returns (bool);
}
