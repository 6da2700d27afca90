package org.siproute.server.api;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor.Builder;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.util.ArrayList;
import java.util.List;
import org.siproute.proto.v1.ErrorsProto;

/**
 * What server reflection describes siproute's services with: their .proto files, plus the
 * types their refusals carry in their details, so that grpcurl, buf curl, Postman or grpcui
 * decode them instead of showing base64. The contract's files do not import those (no rpc takes
 * them), so each service's file is served naming them as further dependencies:
 * google/rpc/status.proto, google/rpc/error_details.proto (ErrorInfo, BadRequest, RetryInfo)
 * and siproute/v1/errors.proto (ErrorReason). Reflection serves every dependency of a service's
 * file, so these come along.
 */
final class ServedSchema {
  private static final List<FileDescriptor> ERROR_FILES =
      List.of(
          com.google.rpc.StatusProto.getDescriptor(),
          com.google.rpc.ErrorDetailsProto.getDescriptor(),
          ErrorsProto.getDescriptor());

  private ServedSchema() {}

  /** {@code service}, whose schema (if it is one of .proto) also names the error files. */
  static ServerServiceDefinition withErrorDetails(ServerServiceDefinition service) {
    io.grpc.ServiceDescriptor original = service.getServiceDescriptor();
    if (!(original.getSchemaDescriptor() instanceof ProtoServiceDescriptorSupplier schema)) {
      return service;
    }
    FileDescriptor file = withErrorFiles(schema.getFileDescriptor());
    ServiceDescriptor described = file.findServiceByName(schema.getServiceDescriptor().getName());
    Builder descriptor = io.grpc.ServiceDescriptor.newBuilder(original.getName()).setSchemaDescriptor(new Schema(file, described));
    original.getMethods().forEach(descriptor::addMethod);
    ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(descriptor.build());
    service.getMethods().forEach(definition::addMethod);
    return definition.build();
  }

  private static FileDescriptor withErrorFiles(FileDescriptor file) {
    FileDescriptorProto.Builder proto = file.toProto().toBuilder();
    List<FileDescriptor> dependencies = new ArrayList<>(file.getDependencies());
    for (FileDescriptor errors : ERROR_FILES) {
      if (!proto.getDependencyList().contains(errors.getName())) {
        proto.addDependency(errors.getName());
        dependencies.add(errors);
      }
    }
    try {
      return FileDescriptor.buildFrom(proto.build(), dependencies.toArray(FileDescriptor[]::new));
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("cannot describe " + file.getName() + " with the error details", e);
    }
  }

  private record Schema(FileDescriptor file, ServiceDescriptor service)
      implements ProtoFileDescriptorSupplier, ProtoServiceDescriptorSupplier {
    @Override
    public FileDescriptor getFileDescriptor() {
      return file;
    }

    @Override
    public ServiceDescriptor getServiceDescriptor() {
      return service;
    }
  }
}
