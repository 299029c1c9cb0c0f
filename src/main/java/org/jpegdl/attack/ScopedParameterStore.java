package org.jpegdl.attack;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * An inference parameter store that hands out each parameter as an alias (a view sharing its storage) owned by a
 * scope manager. Whatever a forward pass derives from a parameter first (the JPEG layer reshapes and concatenates its
 * tables, for instance) is then created in the scope and freed with it, instead of accumulating in the parameters'
 * own manager over the thousands of passes an attack makes. For frozen parameters only: the alias carries no
 * gradient to the parameter.
 */
final class ScopedParameterStore extends ParameterStore {

    private final NDManager scope;

    ScopedParameterStore(NDManager scope) {
        super(scope, false);
        this.scope = scope;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null;
        }
        NDArray array = parameter.getArray();
        if (!array.getDevice().equals(device)) {
            return super.getValue(parameter, device, training);
        }
        NDArray alias = array.reshape(array.getShape());
        alias.attach(scope);
        return alias;
    }
}
