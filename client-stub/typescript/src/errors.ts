import { create, createFileRegistry, type DescMessage } from "@bufbuild/protobuf";
import {
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FileDescriptorProtoSchema,
} from "@bufbuild/protobuf/wkt";
import { ConnectError } from "@connectrpc/connect";

/** A bad field of a refused request: which one (e.g. "destination") and what is wrong with it. */
export interface FieldViolation {
  /** Path of the field, as in the contract (snake_case, dots and [index] / [key]). */
  readonly field: string;
  /** Why it was refused, for people. */
  readonly description: string;
}

// google.rpc.BadRequest, declared here rather than generated: only its two fields are read, and
// declaring it keeps the package free of a copy of googleapis. Field numbers as in
// google/rpc/error_details.proto.
const badRequestFile = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: "siproute/client/google_rpc_bad_request.proto",
    package: "google.rpc",
    syntax: "proto3",
    messageType: [
      {
        name: "BadRequest",
        field: [
          {
            name: "field_violations",
            jsonName: "fieldViolations",
            number: 1,
            label: FieldDescriptorProto_Label.REPEATED,
            type: FieldDescriptorProto_Type.MESSAGE,
            typeName: ".google.rpc.BadRequest.FieldViolation",
          },
        ],
        nestedType: [
          {
            name: "FieldViolation",
            field: [
              { name: "field", jsonName: "field", number: 1, label: FieldDescriptorProto_Label.OPTIONAL, type: FieldDescriptorProto_Type.STRING },
              { name: "description", jsonName: "description", number: 2, label: FieldDescriptorProto_Label.OPTIONAL, type: FieldDescriptorProto_Type.STRING },
            ],
          },
        ],
      },
    ],
  }),
  () => undefined,
);
const BadRequestSchema: DescMessage = badRequestFile.getMessage("google.rpc.BadRequest")!;

interface BadRequestShape {
  fieldViolations: { field: string; description: string }[];
}

/**
 * The field violations of an INVALID_ARGUMENT refusal (google.rpc.BadRequest in the
 * grpc-status-details-bin trailer); empty for any other error.
 *
 * ```ts
 * try { await client.select({ customerId, destination: "bogus" }); }
 * catch (e) { fieldViolations(e); // [{ field: "destination", description: "..." }] }
 * ```
 */
export function fieldViolations(error: unknown): FieldViolation[] {
  const details = ConnectError.from(error).findDetails(BadRequestSchema) as unknown as BadRequestShape[];
  return details.flatMap((d) => d.fieldViolations.map(({ field, description }) => ({ field, description })));
}
